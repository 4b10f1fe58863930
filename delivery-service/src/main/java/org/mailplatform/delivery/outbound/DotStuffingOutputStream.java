package org.mailplatform.delivery.outbound;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content as the DATA body (RFC 5321 section 4.5.2): a line starting with a dot
 * gets a second dot, bare LF and bare CR become CRLF, and {@link #finish()} ends the body with
 * {@code CRLF.CRLF} (adding the missing line end if the content has none).
 */
final class DotStuffingOutputStream extends FilterOutputStream {

    private boolean lineStart = true;
    private boolean pendingCr;

    DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write('\r');
            out.write('\n');
            lineStart = true;
            if (b == '\n') {
                return;
            }
        }
        if (b == '\r') {
            pendingCr = true;
            return;
        }
        if (b == '\n') {
            out.write('\r');
            out.write('\n');
            lineStart = true;
            return;
        }
        if (lineStart && b == '.') {
            out.write('.');
        }
        out.write(b);
        lineStart = false;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Ends the body; does not close the underlying stream. */
    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write('\r');
            out.write('\n');
            lineStart = true;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(new byte[] {'.', '\r', '\n'});
        out.flush();
    }
}
