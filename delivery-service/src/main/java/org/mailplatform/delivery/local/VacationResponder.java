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
import org.apache.james.mime4j.util.MimeUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.mime.HeaderAddresses;
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
 *
 * <p>The reply's header is written here, never taken from the script: of a {@code :mime} entity's
 * header only its {@code Content-*} fields are used (a script could otherwise add a second From, a
 * Bcc, ... to mail signed with the user's domain key); a {@code :from} name is RFC 2047-encoded; the
 * subject, In-Reply-To and References are bounded so that no line passes RFC 5322's 998 characters.
 * A reply with 8-bit bytes left (a {@code :mime} body) is queued as {@code 8BITMIME}, one to a UTF-8
 * address as SMTPUTF8.
 */
public final class VacationResponder {

    private static final Set<String> RECIPIENT_FIELDS = Set.of("to", "cc", "bcc", "resent-to", "resent-cc",
            "resent-bcc");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** Characters of a subject kept (RFC 5322's 78-character advice, with room). */
    private static final int MAX_SUBJECT = 200;
    /** A message id longer than this is not referred to: it would not fit a line. */
    private static final int MAX_ID = 250;
    /** References' length: the first id and as many of the last as fit (RFC 5322 3.6.4 allows dropping). */
    private static final int MAX_REFERENCES = 2000;

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
        // a UTF-8 sender address (it came with SMTPUTF8) is in RCPT TO and To: the reply needs SMTPUTF8 too
        boolean utf8 = !StandardCharsets.US_ASCII.newEncoder().canEncode(sender);
        return Optional.of(queue.queueFromNullSender("VAC", content, sender, eightBit(content) ? "8BITMIME" : "7BIT",
                utf8, d.message().traceId(), d.principal()));
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
            // undecoded: an encoded display name decoded could hide the address or split it ("Müller, Hans")
            for (String value : header.rawValues(field)) {
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
        subject = clean(subject).strip();
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, subject.offsetByCodePoints(0, subject.codePointCount(0, MAX_SUBJECT)));
        }
        StringBuilder h = new StringBuilder();
        h.append("From: ").append(from).append("\r\n");
        h.append("To: <").append(clean(sender)).append(">\r\n");
        h.append("Subject: ").append(MimeUtil.fold(EncoderUtil.encodeIfNecessary(subject, EncoderUtil.Usage.TEXT_TOKEN, 9),
                9)).append("\r\n");
        h.append("Date: ").append(DATE.format(clock.instant())).append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        String id = messageId(header.first("message-id"));
        if (id != null) {
            h.append("In-Reply-To: ").append(id).append("\r\n");
            h.append("References: ").append(references(header.first("references"), id)).append("\r\n");
        }
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        String reason = crlf(v.reason());
        if (v.mime()) {
            // :mime: the reason is a MIME entity; of its header only what describes the content is kept
            String entity = mimeEntity(reason);
            return (h + entity + (entity.endsWith("\r\n") ? "" : "\r\n")).getBytes(StandardCharsets.UTF_8);
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

    /**
     * {@code :from} when its address is the user's (its display name encoded as RFC 2047 asks), else
     * the user's address. Written from the parsed mailbox, not the script's text.
     */
    static String from(Principal user, String requested) {
        String address = "<" + clean(user.address()) + ">";
        if (requested != null) {
            AddressList list = HeaderAddresses.parse(clean(requested));
            if (list != null && list.flatten().size() == 1
                    && list.flatten().getFirst().getAddress().equalsIgnoreCase(user.address())) {
                String name = list.flatten().getFirst().getName();
                if (name != null && !name.isBlank()) {
                    String shortName = name.strip().length() > MAX_SUBJECT ? name.strip().substring(0, MAX_SUBJECT)
                            : name.strip();
                    return MimeUtil.fold(EncoderUtil.encodeAddressDisplayName(clean(shortName)) + " " + address, 6);
                }
            }
        }
        return address;
    }

    /** The original's Message-ID when it can be referred to: one ASCII id of a sane length. */
    private static String messageId(String value) {
        if (value == null) {
            return null;
        }
        String id = clean(value).strip();
        return id.isEmpty() || id.length() > MAX_ID || !ascii(id) || id.indexOf(' ') >= 0 ? null : id;
    }

    /** References (RFC 5322 3.6.4): the original's and its id, folded; the first and the latest ids that fit. */
    private static String references(String original, String id) {
        List<String> ids = new ArrayList<>();
        if (original != null) {
            for (String r : clean(original).strip().split("\\s+")) {
                if (!r.isEmpty() && r.length() <= MAX_ID && ascii(r)) {
                    ids.add(r);
                }
            }
        }
        ids.add(id);
        List<String> kept = new ArrayList<>();
        int length = id.length();
        for (int i = ids.size() - 2; i >= 1 && length + ids.get(i).length() + ids.getFirst().length() < MAX_REFERENCES; i--) {
            kept.addFirst(ids.get(i));
            length += ids.get(i).length() + 3;
        }
        if (ids.size() > 1) {
            kept.addFirst(ids.getFirst());
        }
        kept.add(id);
        return String.join("\r\n ", kept);
    }

    /** A {@code :mime} entity with only its {@code Content-*} header fields (and their continuation lines). */
    private static String mimeEntity(String entity) {
        int end = entity.indexOf("\r\n\r\n");
        String header = end < 0 ? entity : entity.substring(0, end + 2);
        String body = end < 0 ? "" : entity.substring(end + 2);
        StringBuilder kept = new StringBuilder();
        boolean keeping = false;
        for (String line : header.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) != ' ' && line.charAt(0) != '\t') {
                keeping = line.regionMatches(true, 0, "Content-", 0, 8) && line.indexOf(':') > 8;
            }
            if (keeping) {
                kept.append(line).append("\r\n");
            }
        }
        if (end < 0) {
            // no empty line: no header at all, the whole entity is text (RFC 2045's default type)
            return "\r\n" + entity;
        }
        return kept + body;
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static boolean eightBit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private static List<String> addresses(String value) {
        AddressList list = HeaderAddresses.parse(value);
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
