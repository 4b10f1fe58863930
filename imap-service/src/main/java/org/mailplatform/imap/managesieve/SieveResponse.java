package org.mailplatform.imap.managesieve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the server says (RFC 5804 section 4, {@code response}); {@link #encode()} gives the wire bytes. */
sealed interface SieveResponse {

    /** A string longer than this goes out as a literal (RFC 5804 section 4 caps quoted strings at 1024 octets). */
    int MAX_QUOTED = 1024;

    byte[] encode();

    enum Kind { OK, NO, BYE }

    /**
     * A response code (section 1.3), with its argument for {@code TAG}.
     *
     * @param name     e.g. {@code QUOTA/MAXSIZE}, {@code TRYLATER}
     * @param argument a string argument, or {@code null}
     */
    record Code(String name, String argument) {
        static final Code TRYLATER = new Code("TRYLATER", null);
        static final Code ENCRYPT_NEEDED = new Code("ENCRYPT-NEEDED", null);
        static final Code QUOTA_MAXSCRIPTS = new Code("QUOTA/MAXSCRIPTS", null);
        static final Code QUOTA_MAXSIZE = new Code("QUOTA/MAXSIZE", null);
        static final Code NONEXISTENT = new Code("NONEXISTENT", null);
        static final Code ACTIVE = new Code("ACTIVE", null);
        static final Code ALREADYEXISTS = new Code("ALREADYEXISTS", null);

        static Code tag(String tag) {
            return new Code("TAG", tag);
        }
    }

    /** {@code OK}, {@code NO} or {@code BYE}, with an optional code and human-readable text. */
    record Done(Kind kind, Code code, String text) implements SieveResponse {

        @Override
        public byte[] encode() {
            StringBuilder b = new StringBuilder(kind.name());
            if (code != null) {
                b.append(" (").append(code.name());
                if (code.argument() != null) {
                    b.append(' ').append(string(code.argument()));
                }
                b.append(')');
            }
            if (text != null) {
                b.append(' ').append(string(text));
            }
            return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Lines of strings and atoms before an {@code OK}: capabilities, the script list. */
    record Lines(List<String> lines) implements SieveResponse {

        @Override
        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : lines) {
                out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            return out.toByteArray();
        }
    }

    /** A script as a literal on its own line (GETSCRIPT, section 2.9). */
    record Script(String content) implements SieveResponse {

        @Override
        public byte[] encode() {
            return (literal(content) + "\r\n").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Script[" + content.length() + " chars]";
        }
    }

    /** A SASL challenge (section 2.1): a string on its own line; PLAIN's is empty. */
    record Challenge(String base64) implements SieveResponse {

        @Override
        public byte[] encode() {
            return (string(base64) + "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    static Done ok(String text) {
        return new Done(Kind.OK, null, text);
    }

    static Done ok(Code code, String text) {
        return new Done(Kind.OK, code, text);
    }

    static Done no(String text) {
        return new Done(Kind.NO, null, text);
    }

    static Done no(Code code, String text) {
        return new Done(Kind.NO, code, text);
    }

    static Done bye(Code code, String text) {
        return new Done(Kind.BYE, code, text);
    }

    /** A string as a quoted string where the grammar allows one, else as a literal. */
    static String string(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_QUOTED || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0
                || s.indexOf('\0') >= 0) {
            return literal(s);
        }
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** {@code {n}CRLF} and the bytes: a server-to-client literal (section 4, {@code literal-s2c}). */
    static String literal(String s) {
        return "{" + s.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + s;
    }
}
