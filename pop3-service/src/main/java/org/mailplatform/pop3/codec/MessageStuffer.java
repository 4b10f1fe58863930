package org.mailplatform.pop3.codec;

/**
 * Turns a stored message into the body of a RETR or TOP response as it streams by, chunk after
 * chunk, holding no more than one chunk (RFC 1939 section 3):
 * <ul>
 *   <li>a line that starts with {@code .} gets another {@code .} in front (byte-stuffing);</li>
 *   <li>a bare LF becomes CR LF, so the terminating {@code CRLF.CRLF} cannot be forged;</li>
 *   <li>for TOP, output stops after the header, the blank line and {@code n} body lines
 *       (RFC 1939 section 7), and {@link #done()} tells the caller to stop reading;</li>
 *   <li>{@link #finish()} ends an unterminated last line and adds the terminating {@code .}.</li>
 * </ul>
 * Not thread-safe; one instance per response.
 */
public final class MessageStuffer {

    private final long bodyLineLimit;
    private long bodyLinesLeft;
    private boolean inHeader = true;
    private boolean atLineStart = true;
    private boolean previousCr;
    private int lineLength;
    private boolean done;

    private MessageStuffer(long bodyLineLimit) {
        this.bodyLineLimit = bodyLineLimit;
        this.bodyLinesLeft = bodyLineLimit;
    }

    /** For RETR: the whole message. */
    public static MessageStuffer whole() {
        return new MessageStuffer(-1);
    }

    /** For TOP: the header, the blank line after it and the first {@code bodyLines} lines of the body. */
    public static MessageStuffer top(int bodyLines) {
        if (bodyLines < 0) {
            throw new IllegalArgumentException("bodyLines " + bodyLines);
        }
        return new MessageStuffer(bodyLines);
    }

    /** The room {@link #encode} needs in {@code out} for {@code length} input bytes. */
    public static int maxEncodedLength(int length) {
        return 2 * length;
    }

    /**
     * Encodes {@code in[offset, offset + length)} into {@code out}, which must have room for
     * {@link #maxEncodedLength(int)} bytes.
     *
     * @return the number of bytes written to {@code out}
     */
    public int encode(byte[] in, int offset, int length, byte[] out) {
        int o = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && !done) {
            byte b = in[i];
            if (b == '\n') {
                if (!previousCr) {
                    out[o++] = '\r';
                }
                out[o++] = '\n';
                endOfLine();
                i++;
                continue;
            }
            if (atLineStart && b == '.') {
                out[o++] = '.';
            }
            // the rest of the line up to its LF is copied as it is, in one go: a per-byte state
            // machine over every byte of every message was the largest cost of a RETR
            int stop = i + 1;
            while (stop < end && in[stop] != '\n') {
                stop++;
            }
            int run = stop - i;
            System.arraycopy(in, i, out, o, run);
            o += run;
            lineLength += run;
            previousCr = in[stop - 1] == '\r';
            atLineStart = false;
            i = stop;
        }
        return o;
    }

    /**
     * For a whole message (RETR): whether {@link #encode} would give back {@code in[offset, offset +
     * length)} unchanged, every LF after a CR and no line starting with {@code .}, as almost every
     * stored message is. If so the bytes count as encoded (so {@link #finish()} ends them) and the
     * caller sends them as they are, without a copy; if not, nothing changes and the caller encodes.
     */
    public boolean passesUnchanged(byte[] in, int offset, int length) {
        if (bodyLineLimit >= 0 || length == 0) {
            return false;
        }
        int end = offset + length;
        if (atLineStart && in[offset] == '.') {
            return false;
        }
        for (int i = offset; i < end; i++) {
            if (in[i] == '\n' && (!(i == offset ? previousCr : in[i - 1] == '\r') || i + 1 < end && in[i + 1] == '.')) {
                return false;
            }
        }
        byte last = in[end - 1];
        atLineStart = last == '\n';
        previousCr = last == '\r';
        lineLength = atLineStart ? 0 : lineLength + length; // only TOP reads it, and never gets here
        return true;
    }

    /** Whether TOP has written all it should; the rest of the message need not be read. */
    public boolean done() {
        return done;
    }

    /** The bytes that end the response: CR LF if the last line had none, then {@code .} CR LF. */
    public byte[] finish() {
        if (atLineStart) {
            return Pop3Response.TERMINATOR.clone();
        }
        return previousCr ? new byte[] {'\n', '.', '\r', '\n'} : new byte[] {'\r', '\n', '.', '\r', '\n'};
    }

    private void endOfLine() {
        boolean empty = lineLength == 0 || (lineLength == 1 && previousCr);
        atLineStart = true;
        previousCr = false;
        lineLength = 0;
        if (bodyLineLimit < 0) {
            return;
        }
        if (inHeader) {
            if (empty) {
                inHeader = false;
                done = bodyLinesLeft == 0;
            }
            return;
        }
        bodyLinesLeft--;
        done = bodyLinesLeft == 0;
    }
}
