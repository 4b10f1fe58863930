package org.mailplatform.delivery.outbound;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server reply (RFC 5321 section 4.2): a three-digit code and its text lines, with the enhanced
 * status code (RFC 3463) of the first line when the server gave one.
 */
public record SmtpReply(int code, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean temporary() {
        return code >= 400 && code < 500;
    }

    public boolean permanent() {
        return code >= 500;
    }

    /** The enhanced status code, or one derived from the basic code (RFC 3463 X.0.0). */
    public String status() {
        if (!lines.isEmpty()) {
            Matcher m = ENHANCED.matcher(lines.getFirst());
            if (m.find() && m.group(1).charAt(0) == Integer.toString(code).charAt(0)) {
                return m.group();
            }
        }
        return (code / 100) + ".0.0";
    }

    /** The reply as one line, for logs and the DSN Diagnostic-Code ({@code smtp; 550 5.1.1 ...}). */
    public String text() {
        return code + " " + String.join(" ", lines);
    }
}
