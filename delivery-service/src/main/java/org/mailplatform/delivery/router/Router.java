package org.mailplatform.delivery.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.FailedRecipient;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.OutboundDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.stage.RecordHandler;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router stage: one {@code mail.inbound} record in; per recipient, after expansion, one
 * {@code mail.local} record per local user (keyed by user id, each user once per message) and one
 * {@code mail.outbound} record per remote domain (keyed by the domain, all its recipients together),
 * plus a DSN for recipients that expand to nothing. Alias targets outside inherit the recipient's
 * NOTIFY, and its address as ORCPT when the sender gave none (RFC 3461 section 4.2).
 *
 * <p>Metrics: {@code mail.delivery.routed{destination}} ({@code local}, {@code outbound}, {@code failed}).
 */
public final class Router implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final RecipientExpander expander;
    private final ForwardingSender forwarding;
    private final BounceSender bounces;
    private final QueueJson json;
    private final String localTopic;
    private final String outboundTopic;
    private final MeterRegistry meters;

    public Router(RecipientExpander expander, ForwardingSender forwarding, BounceSender bounces, QueueJson json,
                  String localTopic, String outboundTopic, MeterRegistry meters) {
        this.expander = expander;
        this.forwarding = forwarding;
        this.bounces = bounces;
        this.json = json;
        this.localTopic = localTopic;
        this.outboundTopic = outboundTopic;
        this.meters = meters;
    }

    @Override
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        InboundMessage message = json.read(record.value(), InboundMessage.class);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<FailedRecipient> failed = new ArrayList<>();
        Set<String> users = new HashSet<>();
        Map<String, List<InboundMessage.Recipient>> remote = new LinkedHashMap<>();
        for (InboundMessage.Recipient rcpt : message.recipients()) {
            switch (expander.expand(rcpt.address())) {
                case Expansion.Failed f -> {
                    failed.add(new FailedRecipient(rcpt, f.status(), f.diagnostic(), null));
                    count("failed");
                }
                case Expansion.Targets t -> {
                    if (!t.dropped().isEmpty()) {
                        log.info("message {}: expansion of <{}> dropped {}", message.id(), rcpt.address(), t.dropped());
                    }
                    for (Principal p : t.local()) {
                        if (users.add(p.userId())) {
                            LocalDelivery d = new LocalDelivery(message, rcpt, p, 0, null);
                            out.add(new ProducerRecord<>(localTopic, p.userId(), json.write(d)));
                            count("local");
                        }
                    }
                    for (String address : t.remote()) {
                        remote.computeIfAbsent(domainOf(address), k -> new ArrayList<>()).add(forwarded(rcpt, address));
                    }
                }
            }
        }
        String reversePath = remote.isEmpty() ? null : forwarding.reversePathFor(message);
        remote.forEach((domain, recipients) -> {
            // the relay streams the blob to the remote server: the copy of a small body stays out of
            // mail.outbound and the retry and dead-letter records made from it
            OutboundDelivery d = new OutboundDelivery(message.withoutContent(), domain, dedupe(recipients), 0, null, null)
                    .sentFrom(reversePath);
            out.add(new ProducerRecord<>(outboundTopic, domain, json.write(d)));
            count("outbound");
        });
        if (!failed.isEmpty()) {
            bounces.bounce(message, failed).ifPresent(out::add);
        }
        return Outcome.done(out);
    }

    private static InboundMessage.Recipient forwarded(InboundMessage.Recipient rcpt, String target) {
        if (target.equalsIgnoreCase(rcpt.address())) {
            return rcpt;
        }
        String orcpt = rcpt.orcpt() != null ? rcpt.orcpt() : "rfc822;" + rcpt.address();
        return new InboundMessage.Recipient(target, rcpt.notifyOn(), orcpt);
    }

    private static List<InboundMessage.Recipient> dedupe(List<InboundMessage.Recipient> recipients) {
        Map<String, InboundMessage.Recipient> byAddress = new LinkedHashMap<>();
        recipients.forEach(r -> byAddress.putIfAbsent(r.address().toLowerCase(Locale.ROOT), r));
        return List.copyOf(byAddress.values());
    }

    /** The domain of an address, lower case; the part after the last {@code @}. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(at + 1)).toLowerCase(Locale.ROOT);
    }

    private void count(String destination) {
        meters.counter("mail.delivery.routed", "destination", destination).increment();
    }
}
