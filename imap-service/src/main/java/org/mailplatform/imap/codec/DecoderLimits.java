package org.mailplatform.imap.codec;

/**
 * The hard limits of the {@link RequestDecoder}; a command beyond one is refused, never buffered.
 *
 * @param maxLineLength    longest line (a command, or the piece of it between two literals), in
 *                         bytes without CR LF
 * @param maxLiteralSize   largest literal in a command other than the message of APPEND (a
 *                         password, a mailbox name, a search string)
 * @param maxCommandSize   all lines and literals of one command together, APPEND's message excluded
 * @param maxAppendSize    largest message APPEND accepts (the APPENDLIMIT capability, RFC 7889)
 */
public record DecoderLimits(int maxLineLength, int maxLiteralSize, int maxCommandSize, long maxAppendSize) {

    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
    public static final int DEFAULT_MAX_LITERAL_SIZE = 64 * 1024;
    public static final int DEFAULT_MAX_COMMAND_SIZE = 256 * 1024;
    public static final long DEFAULT_MAX_APPEND_SIZE = 50L * 1024 * 1024;

    public DecoderLimits {
        if (maxLineLength < 64 || maxLiteralSize < 1 || maxCommandSize < maxLineLength || maxAppendSize < 1) {
            throw new IllegalArgumentException("invalid IMAP limits " + maxLineLength + "/" + maxLiteralSize + "/"
                    + maxCommandSize + "/" + maxAppendSize);
        }
    }

    public static DecoderLimits defaults() {
        return new DecoderLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LITERAL_SIZE, DEFAULT_MAX_COMMAND_SIZE,
                DEFAULT_MAX_APPEND_SIZE);
    }
}
