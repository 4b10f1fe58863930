package org.mailplatform.imap.message;

import java.io.IOException;
import java.time.Duration;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.mailplatform.protocol.session.WriteBackpressure;

/**
 * What a FETCH running on a blocking thread writes to its channel, gathered into buffers of about
 * 64 KiB: every write from outside the event loop is a task handed to it, so writing each response
 * line and each literal piece on its own (thousands for a {@code FETCH 1:*}) costs more than
 * producing them. While the client is slower than the server (write buffer above its high mark), a
 * flush waits until everything written so far has reached the socket, for at most the write timeout
 * (protocol-kit's {@link WriteBackpressure}, as POP3's RETR does): the heap a FETCH holds is one
 * piece plus the channel's buffer, whatever it returns.
 */
final class FetchOutput {

    static final int CHUNK = 64 * 1024;

    private final Channel channel;
    private final Duration writeTimeout;
    private ByteBuf pending;

    FetchOutput(Channel channel, Duration writeTimeout) {
        this.channel = channel;
        this.writeTimeout = writeTimeout;
    }

    void add(byte[] bytes) throws IOException, InterruptedException {
        add(bytes, 0, bytes.length);
    }

    void add(byte[] bytes, int offset, int length) throws IOException, InterruptedException {
        if (pending == null) {
            pending = channel.alloc().buffer(Math.max(CHUNK, length));
        }
        pending.writeBytes(bytes, offset, length);
        if (pending.readableBytes() >= CHUNK) {
            flush();
        }
    }

    /** Writes and flushes what is gathered; waits while the client does not keep up. */
    void flush() throws IOException, InterruptedException {
        if (pending == null) {
            return;
        }
        ByteBuf out = pending;
        pending = null;
        WriteBackpressure.await(channel, channel.writeAndFlush(out), writeTimeout);
    }

    /** Drops what was gathered and not written (the FETCH failed). */
    void discard() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
