package org.mailplatform.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import org.mailplatform.pop3.codec.MessageStuffer;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.protocol.session.WriteBackpressure;

/**
 * Writes a message to the client for RETR and TOP, byte-stuffed (RFC 1939 section 3). Streamed on a
 * blocking-work thread, it reads the stored bytes a chunk at a time; when the channel's outbound
 * buffer is above its high water mark it waits until the buffer has drained, so the heap a
 * retrieval uses is one chunk plus the channel's buffer, whatever the message size. A message read
 * ahead is written from memory on the event loop with one flush.
 */
final class MessageWriter {

    /** Bytes read from storage at a time. */
    static final int CHUNK = 32 * 1024;

    private MessageWriter() {
    }

    /** The client went away or stopped reading in the middle of a message. */
    static final class Aborted extends IOException {
        Aborted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Writes {@code head}, the stuffed content and the terminating dot; returns the content bytes read. */
    static long stream(Channel channel, InputStream content, MessageStuffer stuffer, Pop3Response head,
                       Duration writeTimeout) throws IOException {
        channel.write(head);
        byte[] in = new byte[CHUNK];
        byte[] out = new byte[MessageStuffer.maxEncodedLength(CHUNK)];
        long read = 0;
        int n;
        while (!stuffer.done() && (n = content.read(in)) > 0) {
            read += n;
            int m = stuffer.encode(in, 0, n, out);
            ByteBuf buf = channel.alloc().buffer(m);
            buf.writeBytes(out, 0, m);
            ChannelFuture chunk = channel.writeAndFlush(buf);
            await(() -> WriteBackpressure.await(channel, chunk, writeTimeout));
        }
        byte[] end = stuffer.finish();
        ByteBuf buf = channel.alloc().buffer(end.length);
        buf.writeBytes(end);
        ChannelFuture written = channel.writeAndFlush(buf);
        await(() -> WriteBackpressure.awaitWritten(channel, written, writeTimeout));
        return read;
    }

    /**
     * Writes a message already in memory (read ahead): head, stuffed content and terminating dot with
     * one flush, on the event loop. {@code then} gets null once it is written, or why not (the
     * client went away, or did not read for {@code writeTimeout}), on the event loop.
     */
    static void send(ChannelHandlerContext ctx, byte[] content, MessageStuffer stuffer, Pop3Response head,
                     Duration writeTimeout, Consumer<Throwable> then) {
        ByteBuf body;
        if (stuffer.passesUnchanged(content, 0, content.length)) {
            // the stored bytes as they are: no copy (a read-ahead message is never written to again)
            body = Unpooled.wrappedBuffer(content, stuffer.finish());
        } else {
            byte[] out = new byte[MessageStuffer.maxEncodedLength(content.length)];
            int n = stuffer.encode(content, 0, content.length, out);
            byte[] end = stuffer.finish();
            body = ctx.alloc().buffer(n + end.length);
            body.writeBytes(out, 0, n).writeBytes(end);
        }
        ctx.write(head, ctx.voidPromise());
        ChannelFuture written = ctx.writeAndFlush(body);
        if (written.isDone()) {
            then.accept(written.isSuccess() ? null : new Aborted("write failed", written.cause()));
            return;
        }
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            if (!written.isDone()) {
                ctx.close();
            }
        }, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        written.addListener(f -> {
            timeout.cancel(false);
            then.accept(f.isSuccess() ? null : new Aborted("client did not read for " + writeTimeout + " or went away", f.cause()));
        });
    }

    private interface Wait {
        void run() throws IOException, InterruptedException;
    }

    /** Any failure to deliver the message is the client's: the retrieval is aborted. */
    private static void await(Wait wait) throws Aborted {
        try {
            wait.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted("interrupted while the client was reading", e);
        } catch (IOException e) {
            throw new Aborted(e.getMessage(), e);
        }
    }
}
