package org.mailplatform.protocol.frame;

import io.netty.buffer.ByteBuf;

/**
 * Cuts a byte stream out of the connection's input while the {@link Framer} is in stream mode: the
 * protocol decides where the stream ends (a byte count, SMTP's CRLF.CRLF, ...).
 */
public interface StreamDecoder {

    /**
     * Takes bytes from {@code in} (advancing its reader index) and returns the next chunk, or
     * {@code null} if more input is needed. A chunk marked {@link Frame.Chunk#last() last} ends the
     * stream; the bytes after it stay in {@code in} for line mode.
     */
    Frame.Chunk decode(ByteBuf in);
}
