package org.mailplatform.protocol.session;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (MongoDB, S3, HTTP, Kafka acknowledgements) off the event loop, on virtual
 * threads, at most {@code maxConcurrent} at a time, and hands each result back on the channel's
 * event loop, where session state may be touched. When all permits are taken the work is refused
 * at once (the session answers with a temporary failure) rather than queued without bound.
 * <p>
 * A hand-back that throws is a bug in the session, but it must not leave the client waiting for
 * an answer that never comes: the exception goes down the channel's pipeline, where the
 * session's {@code exceptionCaught} answers with its protocol's error and closes.
 */
public final class BlockingWork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlockingWork.class);

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("protocol-blocking-", 0).factory());
    private final Semaphore permits;
    private final int maxConcurrent;

    public BlockingWork(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
    }

    /**
     * Runs {@code work} on a virtual thread; {@code then} gets its result or failure on the event
     * loop of {@code channel} (a {@link RejectedExecutionException} when no permit was free).
     */
    public <T> void run(Channel channel, Callable<T> work, BiConsumer<T, Throwable> then) {
        if (!permits.tryAcquire()) {
            handBack(channel, then, null, new RejectedExecutionException(
                    "more than " + maxConcurrent + " blocking operations in flight"));
            return;
        }
        try {
            executor.execute(() -> {
                T result = null;
                Throwable failure = null;
                try {
                    result = work.call();
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    permits.release();
                }
                T r = result;
                Throwable f = failure;
                handBack(channel, then, r, f);
            });
        } catch (RejectedExecutionException e) {
            permits.release();
            handBack(channel, then, null, e);
        }
    }

    private static <T> void handBack(Channel channel, BiConsumer<T, Throwable> then, T result, Throwable failure) {
        channel.eventLoop().execute(() -> {
            try {
                then.accept(result, failure);
            } catch (RuntimeException | Error e) {
                log.warn("connection {}: handling the result of blocking work failed", channel.id(), e);
                channel.pipeline().fireExceptionCaught(e);
            }
        });
    }

    /** Operations running now. */
    public int inFlight() {
        return maxConcurrent - permits.availablePermits();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
