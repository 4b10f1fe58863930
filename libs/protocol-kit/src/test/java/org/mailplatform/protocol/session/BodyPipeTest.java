package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class BodyPipeTest {

    @Test
    void writerIsToldToWaitAboveTheHighWaterMarkAndReleasedWhenTheReaderCatchesUpToHalf() throws Exception {
        AtomicInteger drained = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(10, drained::incrementAndGet);
        assertThat(pipe.write(new byte[6])).isTrue();
        assertThat(pipe.write(new byte[6])).isFalse();
        assertThat(pipe.buffered()).isEqualTo(12);
        InputStream in = pipe.input();
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(drained.get()).as("6 bytes left: above half the mark").isZero();
        assertThat(in.read(new byte[6])).isEqualTo(6);
        assertThat(drained.get()).isEqualTo(1);
        pipe.finish();
        assertThat(in.read()).isEqualTo(-1);
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
        pipe.write(new byte[0]);
        pipe.write("def".getBytes());
        pipe.finish();
        assertThat(new String(read.get())).isEqualTo("abcdef");
    }

    @Test
    void abortFailsTheReaderAndDropsLaterWrites() {
        BodyPipe pipe = new BodyPipe(100, () -> { });
        pipe.write("abc".getBytes());
        pipe.abort();
        assertThat(pipe.write(new byte[1_000])).isTrue();
        assertThat(pipe.buffered()).isZero();
        assertThatThrownBy(() -> pipe.input().read()).isInstanceOf(IOException.class).hasMessageContaining("aborted");
    }

    @Test
    void abortWakesAReaderThatIsWaiting() {
        BodyPipe pipe = new BodyPipe(100, () -> { });
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.input().read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        pipe.abort();
        await().atMost(Duration.ofSeconds(5)).until(read::isDone);
        assertThat(read).isCompletedExceptionally();
    }

    @Test
    void afterTheReaderIsGoneWritesAreDroppedAndTheWriterIsReleased() {
        AtomicInteger drained = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(4, drained::incrementAndGet);
        assertThat(pipe.write(new byte[8])).isFalse();
        pipe.readerGone();
        assertThat(drained.get()).isEqualTo(1);
        assertThat(pipe.write(new byte[1_000_000])).isTrue();
        assertThat(pipe.buffered()).isZero();
    }

    @Test
    void closingTheStreamCountsAsTheReaderGone() throws Exception {
        AtomicInteger drained = new AtomicInteger();
        BodyPipe pipe = new BodyPipe(4, drained::incrementAndGet);
        assertThat(pipe.write(new byte[8])).isFalse();
        pipe.input().close();
        assertThat(drained.get()).isEqualTo(1);
        assertThat(pipe.write(new byte[8])).isTrue();
    }

    @Test
    void anInterruptedReadFailsAndKeepsTheInterrupt() throws Exception {
        BodyPipe pipe = new BodyPipe(100, () -> { });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                pipe.input().read();
            } catch (IOException e) {
                failure.set(e);
                interrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.getState() == Thread.State.WAITING);
        reader.interrupt();
        reader.join(5_000);
        assertThat(failure.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(interrupted.get()).isTrue();
    }

    /**
     * A writer that honours the answer of write (as a session does, reading the network only when
     * told it may) never makes the pipe hold more than the mark plus one chunk, and every byte
     * arrives in order.
     */
    @Test
    void aWriterThatHonoursBackPressureKeepsTheBufferBoundedAndEveryByteArrives() throws Exception {
        int highWater = 4096;
        int chunk = 1000;
        byte[] body = new byte[2_000_000];
        new Random(7).nextBytes(body);
        // the "event loop": one thread that writes, resumed by onDrained
        ExecutorService loop = Executors.newSingleThreadExecutor();
        AtomicLong maxBuffered = new AtomicLong();
        AtomicInteger offset = new AtomicInteger();
        AtomicReference<BodyPipe> ref = new AtomicReference<>();
        Runnable[] writeUntilFull = new Runnable[1];
        writeUntilFull[0] = () -> {
            BodyPipe pipe = ref.get();
            while (offset.get() < body.length) {
                int from = offset.get();
                int n = Math.min(chunk, body.length - from);
                byte[] piece = Arrays.copyOfRange(body, from, from + n);
                offset.addAndGet(n);
                boolean more = pipe.write(piece);
                maxBuffered.accumulateAndGet(pipe.buffered(), Math::max);
                if (!more) {
                    return;
                }
            }
            pipe.finish();
        };
        BodyPipe pipe = new BodyPipe(highWater, () -> loop.execute(writeUntilFull[0]));
        ref.set(pipe);
        try {
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try (InputStream in = pipe.input()) {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[333];
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        digest.update(buf, 0, n);
                    }
                    return digest.digest();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            loop.execute(writeUntilFull[0]);
            assertThat(read.get()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
            assertThat(maxBuffered.get()).isLessThanOrEqualTo(highWater + chunk);
        } finally {
            loop.shutdownNow();
        }
    }
}
