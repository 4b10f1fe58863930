package org.mailplatform.smtp.codec;

import java.io.ByteArrayOutputStream;

/**
 * The DATA stream (RFC 5321 section 4.1.1.4 and 4.5.2) as a byte-by-byte state machine: removes
 * the leading dot of dot-stuffed lines and finds the end of data.
 *
 * <p>Only {@code CRLF . CRLF} ends the data. A bare LF or a bare CR anywhere in the stream is
 * counted ({@link #bareLineEndings()}) and never treated as a line end, so {@code LF . LF},
 * {@code LF . CRLF} or {@code CR . CR} cannot end the message here while some other server in the
 * chain would (SMTP smuggling). The session refuses a message with bare line endings
 * ({@code 554 5.6.11}), after reading up to the true end of data.
 *
 * <p>Input may arrive in pieces of any size; the decoder keeps its state between them. The data
 * starts at the beginning of a line (right after {@code DATA}'s 354), so an immediate
 * {@code .CRLF} is an empty message.
 */
public final class DataDecoder {

    private enum State { LINE_START, IN_LINE, CR, DOT, DOT_CR, DONE }

    private State state = State.LINE_START;
    private long bareLineEndings;
    private long lineLength;
    private long longestLine;

    /**
     * Decodes from {@code in[offset..offset+length)} into {@code out} and stops right after the end
     * of data.
     *
     * @return how many input bytes were consumed (less than {@code length} only when the end was found)
     */
    public int decode(byte[] in, int offset, int length, ByteArrayOutputStream out) {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.DONE) {
            if (state == State.IN_LINE) {
                i = copyLineRun(in, i, end, out);
                if (i == end) {
                    break;
                }
            }
            step(in[i++], out);
        }
        return i - offset;
    }

    /**
     * Inside a line every byte but CR and LF is copied as is, so a run of them goes out in one
     * write instead of byte by byte (most of a message body).
     *
     * @return the index of the first CR or LF, or {@code end}
     */
    private int copyLineRun(byte[] in, int from, int end, ByteArrayOutputStream out) {
        int i = from;
        while (i < end && in[i] != '\r' && in[i] != '\n') {
            i++;
        }
        if (i > from) {
            out.write(in, from, i - from);
            lineLength += i - from;
            longestLine = Math.max(longestLine, lineLength);
        }
        return i;
    }

    private void step(byte b, ByteArrayOutputStream out) {
        switch (state) {
            case LINE_START -> {
                lineLength = 0;
                if (b == '.') {
                    state = State.DOT;
                } else {
                    inLine(b, out);
                }
            }
            case IN_LINE -> inLine(b, out);
            case CR -> {
                if (b == '\n') {
                    out.write('\r');
                    out.write('\n');
                    endLine();
                } else {
                    bareLineEndings++;
                    out.write('\r');
                    state = State.IN_LINE;
                    inLine(b, out);
                }
            }
            case DOT -> {
                if (b == '\r') {
                    state = State.DOT_CR;
                } else {
                    // the first dot of a line is always removed (RFC 5321 4.5.2)
                    state = State.IN_LINE;
                    inLine(b, out);
                }
            }
            case DOT_CR -> {
                if (b == '\n') {
                    state = State.DONE;
                } else {
                    bareLineEndings++;
                    out.write('\r');
                    state = State.IN_LINE;
                    inLine(b, out);
                }
            }
            case DONE -> throw new IllegalStateException("data already ended");
        }
    }

    private void inLine(byte b, ByteArrayOutputStream out) {
        if (b == '\r') {
            state = State.CR;
            return;
        }
        if (b == '\n') {
            bareLineEndings++;
        }
        out.write(b);
        lineLength++;
        longestLine = Math.max(longestLine, lineLength);
        state = State.IN_LINE;
    }

    private void endLine() {
        state = State.LINE_START;
    }

    /** Whether {@code CRLF.CRLF} has been seen. */
    public boolean done() {
        return state == State.DONE;
    }

    /** Bare CR and bare LF bytes seen so far: a message with any is refused. */
    public long bareLineEndings() {
        return bareLineEndings;
    }

    /** The longest line seen, in bytes without CR LF (RFC 5321 4.5.3.1.6 allows 998). */
    public long longestLine() {
        return longestLine;
    }
}
