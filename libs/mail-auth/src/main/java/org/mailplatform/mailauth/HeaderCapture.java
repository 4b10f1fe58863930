package org.mailplatform.mailauth;

import java.io.ByteArrayOutputStream;

/**
 * Collects a message's header from the data as it arrives, up to a limit, and tells where the body
 * begins: after the first empty line (RFC 5322 2.1). Expects CRLF line ends, as SMTP delivers them.
 * Past the limit nothing more is kept: the header is then {@linkplain #overflowed() too large} to
 * be checked, and the message is still received.
 */
public final class HeaderCapture {

    private final int limit;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream(1024);
    /** How much of CR LF CR LF was seen last; starts as if after a line end, so a leading empty line ends an empty header. */
    private int matched = 2;
    private boolean complete;
    private boolean overflowed;

    /** @param limit most header bytes kept */
    public HeaderCapture(int limit) {
        this.limit = limit;
    }

    /**
     * Takes the next bytes of the message.
     *
     * @return the index in {@code data} where the body starts (possibly {@code off + len}), or -1
     *         while the header goes on; once the header is complete, {@code off}
     */
    public int accept(byte[] data, int off, int len) {
        if (complete) {
            return off;
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = data[i];
            matched = switch (matched) {
                case 0, 2 -> b == '\r' ? matched + 1 : 0;
                case 1, 3 -> b == '\n' ? matched + 1 : (b == '\r' ? 1 : 0);
                default -> throw new IllegalStateException();
            };
            if (matched == 4) {
                complete = true;
                keep(data, off, i + 1 - off); // with the empty line, which bytes() leaves out
                return i + 1;
            }
        }
        keep(data, off, len);
        return -1;
    }

    private void keep(byte[] data, int off, int len) {
        if (overflowed || len <= 0) {
            return;
        }
        // the empty line ending the header is kept too but is not the header's: it does not count
        if (header.size() + len > (long) limit + 2) {
            overflowed = true;
            return;
        }
        header.write(data, off, len);
    }

    /** Whether the empty line that ends the header was seen. */
    public boolean complete() {
        return complete;
    }

    /** Whether the header was larger than the limit (its bytes are then incomplete). */
    public boolean overflowed() {
        // without its empty line (yet), what is kept is header, but for a CR that may begin that line
        return overflowed || (!complete && header.size() - (matched == 3 ? 1 : 0) > limit);
    }

    /** The header's bytes seen so far, the last field's CRLF included, the empty line after it not. */
    public byte[] bytes() {
        byte[] all = header.toByteArray();
        return complete && !overflowed ? java.util.Arrays.copyOf(all, all.length - 2) : all;
    }
}
