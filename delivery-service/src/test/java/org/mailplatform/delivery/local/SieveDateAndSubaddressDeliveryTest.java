package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveLimits;
import org.mailplatform.sieve.SieveRunner;

/**
 * {@code subaddress} (RFC 5233), {@code date} (RFC 5260) and {@code environment} (RFC 5183) carried out
 * at local delivery against the test stack: a plus-addressed message filed by its detail, a vacation
 * that answers only in the period its {@code currentdate} test names (the deliverer's clock fixed),
 * and the delivery's facts as {@code environment} gives them.
 */
class SieveDateAndSubaddressDeliveryTest extends SieveDeliveryTestBase {

    /** A local deliverer whose scripts see {@code clock}, with {@code +} as separator, on mx.local.test. */
    private LocalDeliverer deliverer(Clock clock) {
        SieveCompiler compiler = new SieveCompiler();
        SieveFilter filter = new SieveFilter(scripts, compiler, new SieveRunner(compiler, SieveLimits.DEFAULTS), blobs,
                Duration.ofSeconds(30), 100, new SieveFilter.Site(clock, "+", "mx.local.test"));
        return localDeliverer(Clock.systemUTC(), LocalDeliverer.DEFAULT_REFERENCE_WINDOW,
                new LocalDeliverer.Filtering(filter,
                        new VacationResponder(vacations, bounces, "mx.local.test", Clock.systemUTC()), INBOUND));
    }

    /** A {@code mail.local} record for {@code user}, addressed by the sender to {@code recipient}. */
    private ConsumerRecord<String, byte[]> record(Principal user, String recipient, String sender, String content,
                                                  InboundMessage.Client client) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("SD-" + unique("m"), key.value(), bytes.length, Instant.now(), sender,
                List.of(rcpt(recipient)), new InboundMessage.Dsn(null, null), null, false, client, "t");
        return new ConsumerRecord<>(LOCAL, 0, 0, user.userId(), json.write(new LocalDelivery(m, rcpt(recipient), user, 0,
                null)));
    }

    @Test
    void aPlusAddressedMessageIsFiledByItsDetail() throws Exception {
        Principal user = user("plus");
        store.ensureDefaultMailboxes(user);
        activate(user, """
                require ["fileinto", "mailbox", "envelope", "subaddress", "variables"];
                if envelope :detail :matches "to" "?*" {
                    set :lower "shop" "${0}";
                    fileinto :create "plus/${shop}";
                }
                """);
        String local = user.address().substring(0, user.address().indexOf('@'));
        LocalDeliverer deliverer = deliverer(Clock.systemUTC());

        deliverer.handle(record(user, local + "+Shop@local.test", "a@example.org",
                message(local + "+Shop@local.test", "from the shop", ""), null));
        deliverer.handle(record(user, user.address(), "a@example.org", message(user.address(), "plain", ""), null));
        deliverer.handle(record(user, local + "+@local.test", "a@example.org",
                message(local + "+@local.test", "empty detail", ""), null));

        assertThat(subjects(messages(user, "plus/shop"))).containsExactly("from the shop");
        assertThat(subjects(inbox(user))).containsExactlyInAnyOrder("plain", "empty detail");
    }

    @Test
    void aVacationGuardedByCurrentdateRepliesOnlyInItsPeriod() throws Exception {
        Principal away = user("summer");
        store.ensureDefaultMailboxes(away);
        activate(away, """
                require ["vacation", "date", "relational"];
                if allof(currentdate :value "ge" "date" "2026-07-01",
                         currentdate :value "le" "date" "2026-07-31") {
                    vacation :days 7 :subject "Summer" "Away in July.";
                }
                """);
        ZoneId zone = ZoneId.of("Europe/Amsterdam");
        Clock june = Clock.fixed(Instant.parse("2026-06-30T21:59:59Z"), zone); // 23:59:59 local, still June
        Clock july = Clock.fixed(Instant.parse("2026-06-30T22:00:00Z"), zone); // midnight local: July 1st
        String sender = "colleague@example.org";

        Outcome before = deliverer(june).handle(record(away, away.address(), sender,
                message(away.address(), "in June", ""), null));
        Outcome during = deliverer(july).handle(record(away, away.address(), sender,
                message(away.address(), "in July", ""), null));

        assertThat(replies(before)).isEmpty();
        assertThat(replies(during)).singleElement().satisfies(r -> assertThat(new String(r.value(),
                StandardCharsets.UTF_8)).contains(sender));
        assertThat(subjects(inbox(away))).containsExactlyInAnyOrder("in June", "in July");
    }

    @Test
    void environmentSeesTheUsersDomainTheHostAndTheClient() throws Exception {
        Principal user = user("env");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Checked");
        activate(user, """
                require ["fileinto", "environment"];
                if allof(environment :is "remote-ip" "192.0.2.9",
                         environment :is "domain" "local.test",
                         environment :is "host" "mx.local.test",
                         environment :is "location" "MDA",
                         environment :is "phase" "during",
                         not environment :matches "remote-host" "*") {
                    fileinto "Checked";
                }
                """);
        LocalDeliverer deliverer = deliverer(Clock.systemUTC());

        deliverer.handle(record(user, user.address(), "a@example.org", message(user.address(), "from a client", ""),
                new InboundMessage.Client("192.0.2.9", "client.example.org", "mx", null, null)));
        deliverer.handle(record(user, user.address(), "a@example.org", message(user.address(), "no client", ""), null));

        assertThat(subjects(messages(user, "Checked"))).containsExactly("from a client");
        assertThat(subjects(inbox(user))).containsExactly("no client");
    }

    /** The vacation replies a delivery queued on the inbound topic. */
    private static List<ProducerRecord<String, byte[]>> replies(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Done.class);
        return ((Outcome.Done) outcome).output().stream().filter(r -> r.topic().equals(INBOUND)).toList();
    }
}
