package org.mailplatform.protocol.frame;

import io.netty.buffer.ByteBuf;

/**
 * A stream of exactly {@code length} bytes, cut into chunks of at most {@code maxChunk} bytes: an
 * SMTP BDAT chunk (RFC 3030) or an IMAP literal (RFC 9051 section 4.3).
 */
public final class FixedLengthDecoder implements StreamDecoder {

    private long remaining;
    private final int maxChunk;
    private boolean done;

    public FixedLengthDecoder(long length, int maxChunk) {
        if (length < 0 || maxChunk <= 0) {
            throw new IllegalArgumentException("length " + length + ", maxChunk " + maxChunk);
        }
        this.remaining = length;
        this.maxChunk = maxChunk;
    }

    @Override
    public Frame.Chunk decode(ByteBuf in) {
        if (done) {
            throw new IllegalStateException("stream already ended");
        }
        if (remaining == 0) {
            done = true;
            return new Frame.Chunk(new byte[0], true);
        }
        if (!in.isReadable()) {
            return null;
        }
        int n = (int) Math.min(Math.min(remaining, maxChunk), in.readableBytes());
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        remaining -= n;
        done = remaining == 0;
        return new Frame.Chunk(bytes, done);
    }
}
