package org.mailplatform.smtp.server;

import java.io.ByteArrayOutputStream;

import io.netty.buffer.ByteBuf;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.frame.StreamDecoder;
import org.mailplatform.smtp.codec.DataDecoder;

/**
 * Cuts DATA out of the connection for the framer: feeds at most {@value #MAX_CHUNK} bytes at a
 * time to the codec's {@link DataDecoder} and hands on what it unstuffed; the bytes after
 * {@code CRLF.CRLF} stay in the framer for the next command.
 */
final class DotStuffedData implements StreamDecoder {

    static final int MAX_CHUNK = 64 * 1024;

    private final DataDecoder decoder = new DataDecoder();

    @Override
    public Frame.Chunk decode(ByteBuf in) {
        int n = Math.min(in.readableBytes(), MAX_CHUNK);
        if (n == 0) {
            return null;
        }
        byte[] wire = new byte[n];
        in.getBytes(in.readerIndex(), wire);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        int consumed = decoder.decode(wire, 0, n, out);
        in.skipBytes(consumed);
        if (!decoder.done() && out.size() == 0) {
            return null;
        }
        return new Frame.Chunk(out.toByteArray(), decoder.done());
    }

    long bareLineEndings() {
        return decoder.bareLineEndings();
    }
}
