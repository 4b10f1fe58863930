package org.mailplatform.delivery.local;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveLimits;
import org.mailplatform.sieve.SieveRunner;
import org.mailplatform.store.sieve.SieveScripts;
import org.mailplatform.store.sieve.VacationLog;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Users' Sieve scripts at local delivery, through the running stages against the test stack's Kafka,
 * MongoDB (mailbox-store's script store and vacation log) and S3: what {@link SieveFilingTest},
 * {@link SieveRedirectAndRejectTest} and {@link SieveVacationTest} share (a user with an active script,
 * the messages they send, a local deliverer that filters, and the Sieve outcome counters).
 */
abstract class SieveDeliveryTestBase extends DeliveryTestBase {

    @Autowired
    SieveScripts scripts;
    @Autowired
    VacationLog vacations;

    protected Principal user(String base) {
        return directory.addUser(unique(base) + "@local.test");
    }

    protected void activate(Principal user, String script) throws Exception {
        scripts.put(user, "main", script);
        scripts.activate(user, "main");
    }

    protected static String message(String to, String subject, String extraFields) {
        return "From: <sender@example.org>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n" + extraFields
                + "Message-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\nHello.\r\n";
    }

    protected static String trace(Principal to, String sender) {
        return "Return-Path: <" + sender + ">\r\nDelivered-To: " + to.address() + "\r\n";
    }

    protected static List<String> subjects(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("(?s).*?\r\nSubject: ([^\r]*)\r.*", "$1")).toList();
    }

    protected double sieve(String outcome) {
        var c = meters.find("mail.delivery.sieve").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    protected LocalDeliverer deliverer() {
        SieveCompiler compiler = new SieveCompiler();
        SieveFilter filter = new SieveFilter(scripts, compiler, new SieveRunner(compiler, SieveLimits.DEFAULTS), blobs,
                Duration.ofSeconds(30), 100);
        return localDeliverer(Clock.systemUTC(), LocalDeliverer.DEFAULT_REFERENCE_WINDOW,
                new LocalDeliverer.Filtering(filter,
                        new VacationResponder(vacations, bounces, "mx.local.test", Clock.systemUTC()), INBOUND));
    }

    protected ConsumerRecord<String, byte[]> record(Principal to, String content, InboundMessage.Verdict verdict) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("SV-" + unique("m"), key.value(), bytes.length, Instant.now(),
                "sender@example.org", List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false,
                null, "t", verdict);
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(), json.write(new LocalDelivery(m, rcpt(to.address()), to, 0,
                null)));
    }
}
