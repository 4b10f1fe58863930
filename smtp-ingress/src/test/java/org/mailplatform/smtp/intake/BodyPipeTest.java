package org.mailplatform.smtp.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BodyPipeTest {

    @Test
    void writerIsToldToWaitAboveTheHighWaterMarkAndReleasedWhenTheReaderCatchesUp() throws Exception {
        AtomicInteger drained = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(10, drained::incrementAndGet);
        assertThat(pipe.write(new byte[6])).isTrue();
        assertThat(pipe.write(new byte[6])).isFalse();
        InputStream in = pipe.input();
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(drained.get()).isEqualTo(1);
        pipe.finish();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void readerBlocksUntilDataOrEnd() throws Exception {
        BodyPipe pipe = new BodyPipe(100, () -> { });
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.input().readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        pipe.write("abc".getBytes());
        pipe.write("def".getBytes());
        pipe.finish();
        assertThat(new String(read.get())).isEqualTo("abcdef");
    }

    @Test
    void abortFailsTheReader() {
        BodyPipe pipe = new BodyPipe(100, () -> { });
        pipe.write("abc".getBytes());
        pipe.abort();
        assertThatThrownBy(() -> pipe.input().read()).isInstanceOf(IOException.class);
    }

    @Test
    void afterTheReaderIsGoneWritesAreDroppedAndTheWriterIsReleased() {
        AtomicInteger drained = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(4, drained::incrementAndGet);
        assertThat(pipe.write(new byte[8])).isFalse();
        pipe.readerGone();
        assertThat(drained.get()).isEqualTo(1);
        assertThat(pipe.write(new byte[1_000_000])).isTrue();
    }
}
