package org.mailplatform.protocol.session;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

/**
 * For blocking work that streams a large reply (IMAP FETCH of a body, POP3 RETR) straight into a
 * channel from its own thread: after a flush that took the outbound buffer above its high water
 * mark, wait until the last write has reached the socket, instead of polling writability. A client
 * that reads nothing for {@code timeout} is disconnected, so a stalled reader never pins a thread
 * and its buffered bytes for longer than that.
 */
public final class WriteBackpressure {

    private WriteBackpressure() {
    }

    /**
     * Returns at once while the channel is writable; otherwise waits for {@code last} (the most
     * recent write) to complete.
     *
     * @throws IOException if the write failed, the connection closed, or the client did not read
     *                     for {@code timeout} (the channel is then closed)
     */
    public static void await(Channel channel, ChannelFuture last, Duration timeout)
            throws IOException, InterruptedException {
        if (channel.isWritable() || last == null) {
            return;
        }
        awaitWritten(channel, last, timeout);
    }

    /**
     * Waits for {@code write} to reach the socket, whatever the buffer's level: for the end of a
     * reply, before the session reads the next command.
     *
     * @throws IOException if the write failed, the connection closed, or the client did not read
     *                     for {@code timeout} (the channel is then closed)
     */
    public static void awaitWritten(Channel channel, ChannelFuture write, Duration timeout)
            throws IOException, InterruptedException {
        ChannelFuture last = write;
        try {
            last.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("write failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            channel.close();
            throw new IOException("client read nothing for " + timeout);
        }
    }
}
