package org.mailplatform.smtp.spf;

import java.util.regex.Pattern;

import org.mailplatform.smtp.codec.AddressText;

/**
 * The {@code Received-SPF:} field of RFC 7208 section 9.1, prepended above this hop's Received
 * header so a later reader (DMARC, a filter, a person) knows what SPF said here:
 * <pre>
 * Received-SPF: pass (mx.example.test: domain of alice@example.org designates 192.0.2.1 as permitted sender)
 *         client-ip=192.0.2.1; envelope-from="alice@example.org"; helo=client.example.org;
 *         receiver=mx.example.test; identity=mailfrom
 * </pre>
 * HELO and MAIL FROM are the client's own text: a value is written bare only when it is made of
 * host-name characters, otherwise as a quoted-string (section 9.1's ABNF allows dot-atom or
 * quoted-string) with {@code "} and {@code \} escaped, and a value holding anything but printable
 * ASCII (CR, LF, controls, UTF-8) is left out with its key, so nothing the client sends can end
 * the field, start another one or add a key. The comment gets {@code ?} for such characters and
 * for parentheses. {@code envelope-from} is left out for the null sender (there is none).
 */
public final class ReceivedSpfHeader {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");

    private ReceivedSpfHeader() {
    }

    /** The field with its CRLF; {@code receiver} is this host's name ({@code mail.smtp.hostname}). */
    public static String format(SpfVerdict verdict, String receiver) {
        SpfQuery q = verdict.query();
        // RFC 5952 text (2001:db8::1), as in this hop's Received field, not getHostAddress's long form
        String ip = AddressText.of(q.client());
        StringBuilder h = new StringBuilder("Received-SPF: ").append(verdict.result().keyword())
                .append(" (").append(comment(receiver)).append(": ").append(comment(explain(verdict.result(), q.sender(), ip)))
                .append(")\r\n\t");
        StringBuilder pairs = new StringBuilder();
        pair(pairs, "client-ip", value(ip));
        if (!q.mailFrom().isEmpty()) {
            pair(pairs, "envelope-from", quoted(q.mailFrom()));
        }
        pair(pairs, "helo", value(q.helo()));
        pair(pairs, "receiver", value(receiver));
        pair(pairs, "identity", q.identity());
        return h.append(pairs).append("\r\n").toString();
    }

    /** The comment's words, as policyd-spf and jSPF write them. */
    private static String explain(SpfResult result, String sender, String ip) {
        return switch (result) {
            case PASS -> "domain of " + sender + " designates " + ip + " as permitted sender";
            case FAIL -> "domain of " + sender + " does not designate " + ip + " as permitted sender";
            case SOFTFAIL -> "transitioning domain of " + sender + " does not designate " + ip + " as permitted sender";
            case NEUTRAL -> ip + " is neither permitted nor denied by domain of " + sender;
            case NONE -> "domain of " + sender + " does not designate permitted sender hosts";
            case TEMPERROR -> "error in processing during lookup of " + sender;
            case PERMERROR -> "permanent error in processing domain of " + sender;
        };
    }

    private static void pair(StringBuilder pairs, String key, String value) {
        if (value == null) {
            return;
        }
        if (!pairs.isEmpty()) {
            pairs.append("; ");
        }
        pairs.append(key).append('=').append(value);
    }

    /** Bare when made of host-name characters, else quoted; {@code null} when it cannot be written safely. */
    static String value(String text) {
        return text != null && BARE.matcher(text).matches() ? text : quoted(text);
    }

    static String quoted(String text) {
        if (text == null || !PRINTABLE.matcher(text).matches()) {
            return null;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Comment text (RFC 5322 ctext): printable ASCII without parentheses and backslash. */
    static String comment(String text) {
        return text.replaceAll("[^\\x20-\\x7e]|[()\\\\]", "?");
    }

    /** The field in front of {@code received} (RFC 7208 9.1: Received-SPF above this hop's Received). */
    public static byte[] above(SpfVerdict verdict, String receiver, byte[] received) {
        byte[] spf = format(verdict, receiver).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] both = java.util.Arrays.copyOf(spf, spf.length + received.length);
        System.arraycopy(received, 0, both, spf.length, received.length);
        return both;
    }
}
