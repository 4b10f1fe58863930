package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.protocol.session.BlockingWork;

/**
 * When the body's upload starts and with which length: the choice between one PUT of a complete
 * small body and a streaming upload of a large one. The blob store here only records calls (the
 * S3 side is covered against a real server by AngusClientTest and DurabilityTest).
 */
class BodyTransferTest {

    private static final int BUFFER = 1024;
    private static final int INLINE = 100;

    private final EventLoop loop = new DefaultEventLoop();
    private final Channel channel = new LocalChannel();
    private final BlockingWork blocking = new BlockingWork(4);
    private final RecordingStore store = new RecordingStore();
    private final BlobKey key = BlobKey.newFor("inbound", Instant.now());

    BodyTransferTest() throws Exception {
        loop.register(channel).sync();
    }

    @AfterEach
    void close() {
        blocking.close();
        channel.close();
        loop.shutdownGracefully();
    }

    /** BodyTransfer lives on its channel's event loop, as in a session. */
    private <T> T onLoop(Callable<T> action) throws Exception {
        return loop.submit(action).get();
    }

    @Test
    void bodyThatFitsTheBufferIsUploadedOnceCompleteWithItsLength() throws Exception {
        BodyTransfer body = new BodyTransfer(channel, blocking, store, key, 1_000_000, BUFFER, INLINE, () -> { });
        boolean more = onLoop(() -> {
            body.start("Received: x\r\n".getBytes(StandardCharsets.US_ASCII));
            return body.accept("small body\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(more).isTrue();
        assertThat(store.puts).isEmpty();

        Long stored = finish(body);

        assertThat(stored).isEqualTo(25);
        assertThat(store.puts).containsExactly(new Put(25, "Received: x\r\nsmall body\r\n"));
        assertThat(body.inlineCopy(stored)).asString(StandardCharsets.US_ASCII).isEqualTo("Received: x\r\nsmall body\r\n");
        assertThat(body.inlineCopy(stored - 1)).as("not what the store counted").isNull();
    }

    @Test
    void aBodyLargerThanTheInlineLimitHasNoCopy() throws Exception {
        BodyTransfer body = new BodyTransfer(channel, blocking, store, key, 1_000_000, BUFFER, INLINE, () -> { });
        onLoop(() -> {
            body.start("Received: x\r\n".getBytes(StandardCharsets.US_ASCII));
            body.accept("y".repeat(INLINE - 13).getBytes(StandardCharsets.US_ASCII)); // exactly the limit
            return null;
        });
        assertThat(body.inlineCopy(INLINE)).hasSize(INLINE);
        onLoop(() -> body.accept("z".getBytes(StandardCharsets.US_ASCII)));

        Long stored = finish(body);

        assertThat(stored).isEqualTo(INLINE + 1);
        assertThat(body.inlineCopy(stored)).isNull();
    }

    @Test
    void noCopyWhenTheLimitIsZero() throws Exception {
        BodyTransfer body = new BodyTransfer(channel, blocking, store, key, 1_000_000, BUFFER, 0, () -> { });
        onLoop(() -> {
            body.start(new byte[0]);
            return body.accept("x\r\n".getBytes(StandardCharsets.US_ASCII));
        });
        Long stored = finish(body);
        assertThat(body.inlineCopy(stored)).isNull();
    }

    @Test
    void bodyLargerThanTheBufferStreamsWithUnknownLengthAndKeepsItsBytes() throws Exception {
        BodyTransfer body = new BodyTransfer(channel, blocking, store, key, 1_000_000, BUFFER, INLINE, () -> { });
        byte[] chunk = "0123456789".repeat(30).getBytes(StandardCharsets.US_ASCII);
        onLoop(() -> {
            body.start(new byte[0]);
            for (int i = 0; i < 10; i++) {
                body.accept(chunk);
            }
            return null;
        });

        Long stored = finish(body);

        assertThat(stored).isEqualTo(3000);
        assertThat(store.puts).containsExactly(new Put(-1, "0123456789".repeat(300)));
    }

    @Test
    void refusedUploadReleasesAWaitingWriterAndFails() throws Exception {
        BlockingWork none = new BlockingWork(0);
        BodyTransfer body = new BodyTransfer(channel, none, store, key, 1_000_000, BUFFER, INLINE, () -> { });
        boolean moreAtFirst = onLoop(() -> {
            body.start(new byte[0]);
            return body.accept(new byte[BUFFER + 1]);
        });
        assertThat(moreAtFirst).as("buffer full: the upload starts and the writer waits").isFalse();
        // the refusal arrives as a task on the loop; after it the writer may go on (data dropped)
        await().until(() -> onLoop(() -> body.accept(new byte[1])));

        AtomicReference<Throwable> failure = new AtomicReference<>();
        onLoop(() -> {
            body.finish((size, error) -> failure.set(error));
            return null;
        });
        await().until(() -> failure.get() != null);
        assertThat(store.puts).isEmpty();
        none.close();
    }

    private Long finish(BodyTransfer body) throws Exception {
        AtomicReference<Long> stored = new AtomicReference<>();
        onLoop(() -> {
            body.finish((size, failure) -> stored.set(size));
            return null;
        });
        await().until(() -> stored.get() != null);
        return stored.get();
    }

    record Put(long declaredSize, String content) {
    }

    /** Reads what an upload would send and records it with the length it was declared with. */
    static final class RecordingStore implements BlobStore {
        final List<Put> puts = new CopyOnWriteArrayList<>();

        @Override
        public long put(BlobKey key, InputStream content, long size) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                content.transferTo(bytes);
                puts.add(new Put(size, bytes.toString(StandardCharsets.US_ASCII)));
                return bytes.size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open(BlobKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openRange(BlobKey key, long offset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(BlobKey key) {
        }

        @Override
        public boolean exists(BlobKey key) {
            return false;
        }

        @Override
        public List<BlobInfo> list(String prefix, int max) {
            return List.of();
        }

        @Override
        public List<BlobInfo> listPage(String prefix, String startAfter, int max) {
            return List.of();
        }
    }
}
