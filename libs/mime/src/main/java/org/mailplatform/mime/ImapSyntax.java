package org.mailplatform.mime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Renders a summary in IMAP syntax: ENVELOPE and BODY / BODYSTRUCTURE (RFC 9051 section 7.5.2 and
 * the formal syntax in section 9; RFC 3501 section 7.4.2 for IMAP4rev1).
 *
 * <p>Strings are quoted when they are printable ASCII and sent as literals ({@code {n}CRLF...})
 * otherwise, with n counted in UTF-8 bytes. With {@code utf8} (IMAP4rev2 or UTF8=ACCEPT), non-ASCII
 * text may be quoted as UTF-8; without it, decoded display names are re-encoded as RFC 2047 words.
 * Media types, subtypes and parameter names are sent in upper case, as in the RFC examples.
 */
public final class ImapSyntax {

    private static final int MAX_QUOTED = 1024;

    private ImapSyntax() {
    }

    /** The ENVELOPE structure, e.g. {@code ("date" "subject" ((NIL NIL "a" "b.c")) ...)}. */
    public static String envelope(Envelope e, boolean utf8) {
        StringBuilder out = new StringBuilder(256);
        envelope(out, e, utf8);
        return out.toString();
    }

    /**
     * The body structure: with {@code extended}, the BODYSTRUCTURE form with extension data; without,
     * the BODY form.
     */
    public static String bodyStructure(BodyPart part, boolean extended, boolean utf8) {
        StringBuilder out = new StringBuilder(256);
        body(out, part, extended, utf8);
        return out.toString();
    }

    private static void envelope(StringBuilder out, Envelope e, boolean utf8) {
        out.append('(');
        nstring(out, e.date(), utf8);
        out.append(' ');
        nstring(out, e.subject(), utf8);
        for (List<Address> list : List.of(e.from(), e.sender(), e.replyTo(), e.to(), e.cc(), e.bcc())) {
            out.append(' ');
            addresses(out, list, utf8);
        }
        out.append(' ');
        nstring(out, e.inReplyTo(), utf8);
        out.append(' ');
        nstring(out, e.messageId(), utf8);
        out.append(')');
    }

    private static void addresses(StringBuilder out, List<Address> list, boolean utf8) {
        if (list.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (Address a : list) {
            out.append('(');
            nstring(out, utf8 ? a.name() : EncodedWords.encodePhrase(a.name()), utf8);
            out.append(' ');
            nstring(out, a.route(), utf8);
            out.append(' ');
            nstring(out, a.mailbox(), utf8);
            out.append(' ');
            nstring(out, a.host(), utf8);
            out.append(')');
        }
        out.append(')');
    }

    private static void body(StringBuilder out, BodyPart p, boolean ext, boolean utf8) {
        out.append('(');
        if (p.isMultipart()) {
            for (BodyPart child : p.parts()) {
                body(out, child, ext, utf8);
            }
            out.append(' ');
            string(out, upper(p.subtype()), utf8);
            if (ext) {
                out.append(' ');
                params(out, p.params(), utf8);
                extensionTail(out, p, utf8);
            }
            out.append(')');
            return;
        }
        string(out, upper(p.type()), utf8);
        out.append(' ');
        string(out, upper(p.subtype()), utf8);
        out.append(' ');
        params(out, p.params(), utf8);
        out.append(' ');
        nstring(out, p.id(), utf8);
        out.append(' ');
        nstring(out, p.description(), utf8);
        out.append(' ');
        string(out, p.encoding(), utf8);
        out.append(' ').append(p.bodySize());
        if (isEnvelopeType(p)) {
            out.append(' ');
            envelope(out, p.envelope() == null ? Envelope.EMPTY : p.envelope(), utf8);
            out.append(' ');
            if (p.message() != null) {
                body(out, p.message(), ext, utf8);
            } else {
                out.append("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)");
            }
            out.append(' ').append(p.lines());
        } else if (p.isText()) {
            out.append(' ').append(p.lines());
        }
        if (ext) {
            out.append(' ');
            nstring(out, p.md5(), utf8);
            extensionTail(out, p, utf8);
        }
        out.append(')');
    }

    private static boolean isEnvelopeType(BodyPart p) {
        return "message".equals(p.type()) && ("rfc822".equals(p.subtype()) || "global".equals(p.subtype()));
    }

    private static void extensionTail(StringBuilder out, BodyPart p, boolean utf8) {
        out.append(' ');
        Disposition d = p.disposition();
        if (d == null) {
            out.append("NIL");
        } else {
            out.append('(');
            string(out, upper(d.type()), utf8);
            out.append(' ');
            params(out, d.params(), utf8);
            out.append(')');
        }
        out.append(' ');
        List<String> langs = p.languages();
        if (langs.isEmpty()) {
            out.append("NIL");
        } else if (langs.size() == 1) {
            string(out, langs.get(0), utf8);
        } else {
            out.append('(');
            for (int i = 0; i < langs.size(); i++) {
                if (i > 0) {
                    out.append(' ');
                }
                string(out, langs.get(i), utf8);
            }
            out.append(')');
        }
        out.append(' ');
        nstring(out, p.location(), utf8);
    }

    private static void params(StringBuilder out, List<Param> params, boolean utf8) {
        if (params.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            string(out, upper(params.get(i).name()), utf8);
            out.append(' ');
            string(out, params.get(i).value(), utf8);
        }
        out.append(')');
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** Appends {@code s} as an IMAP nstring: NIL, a quoted string or a literal. */
    public static void nstring(StringBuilder out, String s, boolean utf8) {
        if (s == null) {
            out.append("NIL");
        } else {
            string(out, s, utf8);
        }
    }

    /** Appends {@code s} as an IMAP string: quoted if it can be, else a literal. */
    public static void string(StringBuilder out, String s, boolean utf8) {
        if (s.length() <= MAX_QUOTED && quotable(s, utf8)) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        } else {
            String clean = s.replace("\0", "");
            out.append('{').append(clean.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(clean);
        }
    }

    private static boolean quotable(String s, boolean utf8) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
                return false;
            }
        }
        return true;
    }
}
