package org.mailplatform.delivery.dsn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.mailplatform.model.InboundMessage;

/**
 * Writes a non-delivery report: an RFC 3464 {@code multipart/report; report-type=delivery-status}
 * (RFC 6522) with a human-readable part, the {@code message/delivery-status} part (per-message and
 * per-recipient fields, ENVID and ORCPT echoed) and the returned message: whole as
 * {@code message/rfc822} for {@code RET=FULL}, headers only as {@code text/rfc822-headers} for
 * {@code RET=HDRS}. Without RET, the whole message is returned up to {@code maxFullReturn} bytes.
 */
public final class DsnBuilder {

    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String reportingMta;
    private final long maxFullReturn;

    /**
     * @param reportingMta  this host's name, for {@code Reporting-MTA} and the From address
     * @param maxFullReturn largest message returned whole when the sender gave no RET
     */
    public DsnBuilder(String reportingMta, long maxFullReturn) {
        this.reportingMta = reportingMta;
        this.maxFullReturn = maxFullReturn;
    }

    /** Whether the report carries the whole original message (else only its header). */
    public boolean returnsFullMessage(InboundMessage original) {
        String ret = original.dsn().ret();
        if (ret == null) {
            return original.size() <= maxFullReturn;
        }
        return "FULL".equalsIgnoreCase(ret);
    }

    /**
     * The report's bytes: everything before the returned message, the returned message ({@code full}
     * or {@code headersOnly} of the original, read from {@code original}), and the closing boundary.
     *
     * @param originalContent the original message; read whole or up to the end of its header
     */
    public InputStream report(InboundMessage original, List<FailedRecipient> failed, InputStream originalContent,
                              Instant now) throws IOException {
        return write(original, failed, originalContent, now, null);
    }

    /**
     * A delay notice ({@code Action: delayed}, RFC 3464 section 2.3.3): the same report for recipients
     * still being retried, with {@code Will-Retry-Until}, and the original's header only (RET governs
     * failure reports, RFC 3461 section 4.3; a warning need not carry the whole message).
     *
     * @param originalContent the original message, read up to the end of its header
     * @param retryUntil      when the last attempt will be made
     */
    public InputStream delayReport(InboundMessage original, List<FailedRecipient> delayed, InputStream originalContent,
                                   Instant now, Instant retryUntil) throws IOException {
        return write(original, delayed, originalContent, now, retryUntil);
    }

    /** The report; a delay notice when {@code retryUntil} is set, else a failure report. */
    private InputStream write(InboundMessage original, List<FailedRecipient> failed, InputStream originalContent,
                              Instant now, Instant retryUntil) throws IOException {
        boolean delay = retryUntil != null;
        String boundary = "dsn-" + UUID.randomUUID();
        boolean full = !delay && returnsFullMessage(original);
        boolean utf8 = original.smtpUtf8();
        StringBuilder head = new StringBuilder();
        head.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n")
                .append("To: <").append(original.mailFrom()).append(">\r\n")
                .append("Subject: ").append(delay ? "Delayed Mail (still being retried)" : "Undelivered Mail Returned to Sender")
                .append("\r\n")
                .append("Date: ").append(RFC5322.format(now)).append("\r\n")
                .append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n")
                .append("Auto-Submitted: auto-replied\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"")
                .append(boundary).append("\"\r\n\r\n")
                .append("This is a MIME-encapsulated message.\r\n\r\n");
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: ").append(utf8 ? "8bit" : "7bit").append("\r\n\r\n")
                .append("This is the mail system at host ").append(reportingMta).append(".\r\n\r\n")
                .append(delay ? "Your message could not be delivered yet to one or more recipients.\r\n"
                        + "It will be retried until " + RFC5322.format(retryUntil) + "; you do not need to send it again.\r\n\r\n"
                        : "Your message could not be delivered to one or more recipients.\r\n\r\n");
        for (FailedRecipient f : failed) {
            head.append("<").append(ascii(f.recipient().address(), utf8)).append(">: ")
                    .append(oneLine(f.diagnostic())).append("\r\n");
        }
        head.append("\r\n--").append(boundary).append("\r\n")
                .append("Content-Type: message/").append(utf8 ? "global-delivery-status" : "delivery-status")
                .append("\r\n\r\n");
        head.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        if (original.dsn().envid() != null) {
            head.append("Original-Envelope-Id: ").append(oneLine(original.dsn().envid())).append("\r\n");
        }
        head.append("Arrival-Date: ").append(RFC5322.format(original.receivedAt())).append("\r\n");
        for (FailedRecipient f : failed) {
            head.append("\r\n");
            if (f.recipient().orcpt() != null) {
                head.append("Original-Recipient: ").append(oneLine(f.recipient().orcpt())).append("\r\n");
            }
            head.append("Final-Recipient: ").append(utf8 ? "utf-8" : "rfc822").append("; ")
                    .append(ascii(f.recipient().address(), utf8)).append("\r\n")
                    .append("Action: ").append(delay ? "delayed" : "failed").append("\r\n")
                    .append("Status: ").append(f.status()).append("\r\n");
            if (f.remoteMta() != null) {
                head.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
            }
            if (!f.diagnostic().isEmpty()) {
                head.append("Diagnostic-Code: ").append(f.diagnostic().startsWith("smtp;") ? "" : "X-Mail-Platform; ")
                        .append(oneLine(f.diagnostic())).append("\r\n");
            }
            head.append("Last-Attempt-Date: ").append(RFC5322.format(now)).append("\r\n");
            if (delay) {
                head.append("Will-Retry-Until: ").append(RFC5322.format(retryUntil)).append("\r\n");
            }
        }
        head.append("\r\n--").append(boundary).append("\r\n");
        if (full) {
            head.append("Content-Type: message/").append(utf8 ? "global" : "rfc822").append("\r\n\r\n");
        } else {
            head.append("Content-Type: text/rfc822-headers\r\n\r\n");
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream returned = full ? originalContent : new ByteArrayInputStream(header(originalContent));
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head.toString().getBytes(StandardCharsets.UTF_8)), returned,
                new ByteArrayInputStream(tail))));
    }

    /** The header section of a message, up to and including the empty line (at most 1 MiB). */
    static byte[] header(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while (out.size() < 1 << 20 && (b = in.read()) >= 0) {
            out.write(b);
            state = switch (state) {
                case 0 -> b == '\r' ? 1 : 0;
                case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
                case 2 -> b == '\r' ? 3 : 0;
                case 3 -> b == '\n' ? 4 : b == '\r' ? 1 : 0;
                default -> state;
            };
            if (state == 4) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").strip();
    }

    private static String ascii(String address, boolean utf8) {
        return utf8 ? address : address.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
