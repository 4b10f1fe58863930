package org.mailplatform.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * An SMTP reply (RFC 5321 section 4.2): a code, an enhanced status code (RFC 3463; none on the
 * greeting and the EHLO/HELO answer, RFC 2034 section 3) and one or more text lines.
 *
 * @param code     three-digit reply code
 * @param enhanced enhanced status code such as {@code 2.1.0}, or null
 * @param lines    text lines; a multi-line reply uses {@code code-} on all but the last
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("line break inside reply text");
            }
        }
    }

    /** A one-line reply with an enhanced status code. */
    public static SmtpReply of(int code, String enhanced, String text) {
        return new SmtpReply(code, Objects.requireNonNull(enhanced), List.of(text));
    }

    /** A reply without an enhanced status code (greeting, EHLO/HELO). */
    public static SmtpReply plain(int code, String... lines) {
        return new SmtpReply(code, null, List.of(lines));
    }

    public boolean positive() {
        return code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** The outcome in metrics: {@code ok}, {@code temp_fail} or {@code perm_fail}. */
    public String outcome() {
        return code < 400 ? "ok" : code < 500 ? "temp_fail" : "perm_fail";
    }

    /** The reply on the wire, CR LF after every line; UTF-8 since texts may carry SMTPUTF8 addresses. */
    public byte[] encode() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(code).append(i == lines.size() - 1 ? ' ' : '-');
            if (enhanced != null) {
                b.append(enhanced).append(' ');
            }
            b.append(lines.get(i)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8).stripTrailing();
    }
}
