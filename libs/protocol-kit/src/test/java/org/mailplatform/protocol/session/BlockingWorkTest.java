package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockingWorkTest {

    private final BlockingWork work = new BlockingWork(2);

    @AfterEach
    void close() {
        work.close();
    }

    /** Records what reaches the end of the pipeline, as a session's exceptionCaught would see it. */
    private static final class LastHandler extends ChannelInboundHandlerAdapter {
        final AtomicReference<Throwable> caught = new AtomicReference<>();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            caught.set(cause);
        }
    }

    @Test
    void theResultComesBackOnTheEventLoop() {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicReference<String> result = new AtomicReference<>();
        work.run(channel, () -> "done", (r, f) -> result.set(channel.eventLoop().inEventLoop() ? r : "wrong thread"));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            channel.runPendingTasks();
            return result.get() != null;
        });
        assertThat(result.get()).isEqualTo("done");
    }

    @Test
    void aHandBackThatThrowsReachesThePipelineInsteadOfLeavingTheClientWaiting() {
        LastHandler last = new LastHandler();
        EmbeddedChannel channel = new EmbeddedChannel(last);
        work.run(channel, () -> "stored", (r, f) -> {
            throw new IllegalStateException("bug in the session");
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            channel.runPendingTasks();
            return last.caught.get() != null;
        });
        assertThat(last.caught.get()).isInstanceOf(IllegalStateException.class).hasMessage("bug in the session");
    }

    @Test
    void workBeyondThePermitsIsRefusedAtOnce() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        CountDownLatch release = new CountDownLatch(1);
        work.run(channel, () -> release.await(10, TimeUnit.SECONDS), (r, f) -> { });
        work.run(channel, () -> release.await(10, TimeUnit.SECONDS), (r, f) -> { });
        AtomicReference<Throwable> refused = new AtomicReference<>();
        work.run(channel, () -> "third", (r, f) -> refused.set(f));
        channel.runPendingTasks();
        assertThat(refused.get()).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
    }
}
