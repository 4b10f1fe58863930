package org.mailplatform.protocol.syntax;


/**
 * The announcement of a literal at the end of a command line, {@code {n}} or {@code {n+}} (and
 * IMAP's {@code {n-}}): the next {@code n} bytes are data, not a line. IMAP (RFC 9051 section 4.3,
 * RFC 7888) and ManageSieve (RFC 5804 section 4) share the syntax; the protocols read the bytes
 * themselves, in the framer's stream mode with a {@code FixedLengthDecoder}.
 *
 * @param size          the number of bytes announced
 * @param synchronizing {@code {n}}: the client waits for the server's go-ahead (where the protocol
 *                      has one); {@code {n+}} and {@code {n-}} send at once
 */
public record LiteralHeader(long size, boolean synchronizing) {

    /** More digits could overflow a long; no limit of ours comes near 10^18 bytes. */
    private static final int MAX_DIGITS = 18;

    public LiteralHeader {
        if (size < 0) {
            throw new IllegalArgumentException("negative literal size " + size);
        }
    }

    /**
     * Parses the header whose digits start at {@code start} (just after the {@code {}); it must
     * end the line.
     *
     * @throws Malformed naming what is wrong, in words a protocol may pass on to its client
     */
    public static LiteralHeader parse(byte[] line, int start) {
        int i = start;
        long size = 0;
        int digits = 0;
        while (i < line.length && line[i] >= '0' && line[i] <= '9') {
            if (++digits > MAX_DIGITS) {
                throw new Malformed("literal size too long");
            }
            size = size * 10 + (line[i] - '0');
            i++;
        }
        boolean sync = true;
        if (i < line.length && (line[i] == '+' || line[i] == '-')) {
            sync = false;
            i++;
        }
        if (digits == 0 || i >= line.length || line[i] != '}') {
            throw new Malformed("invalid literal");
        }
        if (i + 1 != line.length) {
            throw new Malformed("literal must end the line");
        }
        return new LiteralHeader(size, sync);
    }

    /**
     * Where the {@code {} of a well-formed header ending {@code line} is, or -1 when the line does
     * not end in one: lets a protocol that refuses a line still skip the literal it announced.
     */
    public static int startOfTrailing(byte[] line) {
        int n = line.length;
        if (n < 3 || line[n - 1] != '}') {
            return -1;
        }
        int i = n - 2;
        if (line[i] == '+' || line[i] == '-') {
            i--;
        }
        int lastDigit = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9' && lastDigit - i < MAX_DIGITS) {
            i--;
        }
        return i >= 0 && i < lastDigit && line[i] == '{' ? i : -1;
    }

    /** A literal header that does not follow the syntax. */
    public static final class Malformed extends IllegalArgumentException {
        public Malformed(String message) {
            super(message);
        }
    }
}
