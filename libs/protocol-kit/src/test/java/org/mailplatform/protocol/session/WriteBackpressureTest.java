package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.api.Test;

class WriteBackpressureTest {

    /** A channel whose outbound buffer is above its high water mark (written, not flushed). */
    private static EmbeddedChannel unwritable() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(new byte[64]));
        assertThat(ch.isWritable()).isFalse();
        return ch;
    }

    @Test
    void aWritableChannelDoesNotWait() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThatCode(() -> WriteBackpressure.await(ch, ch.newPromise(), Duration.ofMillis(1))).doesNotThrowAnyException();
    }

    @Test
    void waitsForTheLastWriteThenReturns() throws Exception {
        EmbeddedChannel ch = unwritable();
        ChannelPromise last = ch.newPromise();
        last.setSuccess();
        WriteBackpressure.await(ch, last, Duration.ofSeconds(5));
    }

    @Test
    void aClientThatReadsNothingIsDisconnected() {
        EmbeddedChannel ch = unwritable();
        // a promise of another executor: EmbeddedChannel's own loop counts every thread as its own
        ChannelFuture never = new DefaultChannelPromise(ch, GlobalEventExecutor.INSTANCE);
        assertThatThrownBy(() -> WriteBackpressure.await(ch, never, Duration.ofMillis(50)))
                .isInstanceOf(IOException.class).hasMessageContaining("read nothing");
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aFailedWriteIsAnIoException() {
        EmbeddedChannel ch = unwritable();
        ChannelPromise failed = ch.newPromise();
        failed.setFailure(new IOException("reset"));
        assertThatThrownBy(() -> WriteBackpressure.await(ch, failed, Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("write failed");
    }
}
