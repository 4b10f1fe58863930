package org.mailplatform.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a byte stream line by line and knows the absolute offset of every line. A line ends at LF
 * (a preceding CR belongs to the terminator); bare CR is content. Lines may be arbitrarily long:
 * only the first {@code keep} bytes of a line are kept, the rest is counted and skipped, so a 10 MB
 * header line costs no more memory than a short one.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private long offset;

    /** The current line (valid after {@link #next} returned true). */
    byte[] kept = new byte[1024];
    int keptLength;
    long lineStart;
    long lineLength;
    int terminatorLength;
    boolean truncated;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** Offset of the first byte not yet read. */
    long offset() {
        return offset;
    }

    /**
     * Reads the next line, keeping at most {@code keep} bytes of its content (terminator excluded).
     *
     * @return false at end of stream (no bytes left)
     */
    boolean next(int keep) throws IOException {
        if (kept.length < keep) {
            kept = new byte[keep];
        }
        keptLength = 0;
        lineStart = offset;
        lineLength = 0;
        terminatorLength = 0;
        truncated = false;
        boolean any = false;
        int previous = -1;
        while (true) {
            if (pos == limit && !fill()) {
                break;
            }
            any = true;
            int start = pos;
            int lf = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    lf = i;
                    break;
                }
            }
            int end = lf < 0 ? limit : lf;
            int n = Math.min(keep - keptLength, end - start);
            if (n > 0) {
                System.arraycopy(buf, start, kept, keptLength, n);
                keptLength += n;
            }
            if (end - start > n) {
                truncated = true;
            }
            if (end > start) {
                previous = buf[end - 1];
            }
            pos = lf < 0 ? limit : lf + 1;
            lineLength += pos - start;
            offset += pos - start;
            if (lf >= 0) {
                terminatorLength = previous == '\r' ? 2 : 1;
                if (terminatorLength == 2 && !truncated) {
                    keptLength--;
                }
                break;
            }
        }
        return any;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        while (n == 0) {
            n = in.read(buf, 0, buf.length);
        }
        if (n < 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** The line's content length without terminator. */
    long contentLength() {
        return lineLength - terminatorLength;
    }
}
