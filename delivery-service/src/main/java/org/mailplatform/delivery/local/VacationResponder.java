package org.mailplatform.delivery.local;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveAction;
import org.mailplatform.store.sieve.VacationLog;

/**
 * Carries out a script's {@code vacation} (RFC 5230) with the RFC 3834 rules for automatic replies:
 * no reply to the null sender, {@code MAILER-DAEMON}, {@code owner-*} or {@code *-request} senders,
 * to a message with {@code Auto-Submitted} other than {@code no}, with a {@code List-*} field or
 * {@code Precedence: bulk|list|junk}, nor to one that does not name the user (or an address of
 * {@code :addresses}) in {@code To}, {@code Cc}, {@code Bcc} or their {@code Resent-} forms; and at
 * most one reply per sender and handle within {@code :days}, recorded in the shared
 * {@link VacationLog} (claimed before the reply is written: an instance that fails after the claim
 * sends none, never two).
 *
 * <p>The reply comes from the user's address ({@code :from} only when it is that address), goes to
 * the envelope sender with {@code Auto-Submitted: auto-replied}, {@code In-Reply-To} and
 * {@code References}, and is queued from the null sender (RFC 5230 5.8) as DSNs are.
 */
public final class VacationResponder {

    private static final Set<String> RECIPIENT_FIELDS = Set.of("to", "cc", "bcc", "resent-to", "resent-cc",
            "resent-bcc");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final VacationLog log;
    private final BounceSender queue;
    private final String hostname;
    private final Clock clock;

    public VacationResponder(VacationLog log, BounceSender queue, String hostname, Clock clock) {
        this.log = log;
        this.queue = queue;
        this.hostname = hostname;
        this.clock = clock;
    }

    /** The reply's {@code mail.inbound} record, or empty when none is due. */
    public Optional<ProducerRecord<String, byte[]>> reply(LocalDelivery d, MessageHeader header,
                                                          SieveAction.Vacation v) {
        if (whyNot(d, header, v) != null) {
            return Optional.empty();
        }
        String sender = d.message().mailFrom();
        if (!log.claimReply(d.principal(), sender.toLowerCase(Locale.ROOT), v.handle(), Duration.ofDays(v.days()))) {
            return Optional.empty();
        }
        byte[] content = content(d.principal(), sender, header, v);
        return Optional.of(queue.queueFromNullSender("VAC", content, sender, "7BIT", false, d.message().traceId(),
                d.principal()));
    }

    /** Why no reply is due (RFC 5230 4.5, RFC 3834 2), or null when one may be sent. */
    static String whyNot(LocalDelivery d, MessageHeader header, SieveAction.Vacation v) {
        String sender = d.message().mailFrom();
        if (sender.isEmpty()) {
            return "null sender";
        }
        String local = localPart(sender).toLowerCase(Locale.ROOT);
        if (local.equals("mailer-daemon") || local.startsWith("owner-") || local.endsWith("-request")) {
            return "sender " + local + " is a list or a daemon";
        }
        if (sender.equalsIgnoreCase(d.principal().address())) {
            return "the user's own message";
        }
        for (String auto : header.values("auto-submitted")) {
            if (!auto.split(";", 2)[0].strip().equalsIgnoreCase("no")) {
                return "Auto-Submitted: " + auto;
            }
        }
        if (header.names().stream().anyMatch(n -> n.startsWith("list-"))) {
            return "a mailing list message";
        }
        for (String precedence : header.values("precedence")) {
            if (Set.of("bulk", "list", "junk").contains(precedence.strip().toLowerCase(Locale.ROOT))) {
                return "Precedence: " + precedence;
            }
        }
        List<String> mine = new ArrayList<>();
        mine.add(d.principal().address().toLowerCase(Locale.ROOT));
        v.addresses().forEach(a -> mine.add(a.strip().toLowerCase(Locale.ROOT)));
        for (String field : RECIPIENT_FIELDS) {
            for (String value : header.values(field)) {
                if (addresses(value).stream().anyMatch(mine::contains)) {
                    return null;
                }
            }
        }
        return "the user is not among the message's recipients";
    }

    private byte[] content(Principal user, String sender, MessageHeader header, SieveAction.Vacation v) {
        String from = from(user, v.from());
        String subject = v.subject() != null ? v.subject()
                : "Auto: " + (header.first("subject") == null ? "" : header.first("subject"));
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(from).append("\r\n");
        h.append("To: <").append(clean(sender)).append(">\r\n");
        h.append("Subject: ").append(EncoderUtil.encodeIfNecessary(clean(subject), EncoderUtil.Usage.TEXT_TOKEN, 9))
                .append("\r\n");
        h.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        String messageId = header.first("message-id");
        if (messageId != null && !clean(messageId).isBlank()) {
            String id = clean(messageId).strip();
            h.append("In-Reply-To: ").append(id).append("\r\n");
            String references = header.first("references");
            h.append("References: ").append(references == null ? "" : clean(references).strip() + " ").append(id)
                    .append("\r\n");
        }
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        String reason = crlf(v.reason());
        if (v.mime()) {
            // :mime: the reason is a MIME entity, its own header fields (Content-Type, ...) included
            return (h + reason + (reason.endsWith("\r\n") ? "" : "\r\n")).getBytes(StandardCharsets.UTF_8);
        }
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(reason)) {
            h.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n").append(reason);
            return (h + (reason.endsWith("\r\n") ? "" : "\r\n")).getBytes(StandardCharsets.UTF_8);
        }
        // base64 keeps the reply 7-bit whatever the text: it needs no 8BITMIME on its way out
        h.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        h.append(Base64.getMimeEncoder().encodeToString(reason.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code :from} when its address is the user's (with its display name), else the user's address. */
    static String from(Principal user, String requested) {
        if (requested != null) {
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(clean(requested));
            if (list != null && list.flatten().size() == 1
                    && list.flatten().getFirst().getAddress().equalsIgnoreCase(user.address())) {
                return clean(requested).strip();
            }
        }
        return "<" + clean(user.address()) + ">";
    }

    private static List<String> addresses(String value) {
        AddressList list = LenientAddressParser.DEFAULT.parseAddressList(value);
        if (list == null) {
            return List.of();
        }
        return list.flatten().stream().map(Mailbox::getAddress).map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

    private static String localPart(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    /** The script's strings and the message's fields go into header lines: no line breaks. */
    private static String clean(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    private static String crlf(String s) {
        return s.replaceAll("\r?\n", "\r\n");
    }
}
