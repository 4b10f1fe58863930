package org.mailplatform.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the data of an untagged response in IMAP syntax (RFC 9051 section 4): atoms, numbers,
 * strings (quoted when they can be, literals otherwise), NIL and parenthesized lists, with the
 * single spaces between items put in automatically.
 *
 * <pre>{@code new ImapWriter(utf8).number(3).atom("FETCH").open().atom("UID").number(9).close().toResponse()}</pre>
 */
public final class ImapWriter {

    /** Strings longer than this are sent as literals even when they could be quoted. */
    static final int MAX_QUOTED = 1024;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    private final boolean utf8;
    private boolean needSpace;

    /** @param utf8 whether UTF-8 may be sent in quoted strings (IMAP4rev2, UTF8=ACCEPT) */
    public ImapWriter(boolean utf8) {
        this.utf8 = utf8;
    }

    /** An atom or any pre-formatted IMAP text, written as it is. */
    public ImapWriter atom(String atom) {
        space();
        out.writeBytes(atom.getBytes(StandardCharsets.UTF_8));
        needSpace = true;
        return this;
    }

    public ImapWriter number(long n) {
        return atom(Long.toString(n));
    }

    /** A string: quoted if every character allows it, else a literal. */
    public ImapWriter string(String s) {
        space();
        if (s.length() <= MAX_QUOTED && quotable(s)) {
            StringBuilder quoted = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    quoted.append('\\');
                }
                quoted.append(c);
            }
            out.writeBytes(quoted.append('"').toString().getBytes(StandardCharsets.UTF_8));
        } else {
            literalBytes(s.getBytes(StandardCharsets.UTF_8));
        }
        needSpace = true;
        return this;
    }

    /** A string or NIL. */
    public ImapWriter nstring(String s) {
        return s == null ? atom("NIL") : string(s);
    }

    /** A literal {@code {n}CRLF} followed by the bytes. */
    public ImapWriter literal(byte[] bytes) {
        space();
        literalBytes(bytes);
        needSpace = true;
        return this;
    }

    private void literalBytes(byte[] bytes) {
        out.writeBytes(("{" + bytes.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    /** Opens a parenthesized list. */
    public ImapWriter open() {
        space();
        out.write('(');
        needSpace = false;
        return this;
    }

    public ImapWriter close() {
        out.write(')');
        needSpace = true;
        return this;
    }

    /** Bytes already in IMAP syntax, without a space before them (e.g. a section after BODY). */
    public ImapWriter append(String raw) {
        out.writeBytes(raw.getBytes(StandardCharsets.UTF_8));
        needSpace = true;
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public ImapResponse.Untagged toResponse() {
        return new ImapResponse.Untagged(toBytes());
    }

    private void space() {
        if (needSpace) {
            out.write(' ');
        }
    }

    private boolean quotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8)) {
                return false;
            }
        }
        return true;
    }
}
