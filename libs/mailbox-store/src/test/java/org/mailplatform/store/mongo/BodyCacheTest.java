package org.mailplatform.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobStoreUnavailableException;

class BodyCacheTest {

    private final AtomicInteger reads = new AtomicInteger();

    private Supplier<InputStream> blob(String content) {
        return () -> {
            reads.incrementAndGet();
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII));
        };
    }

    private static String text(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aSmallMessageIsReadOnceAndServedWholeOrInPartsFromMemory() throws IOException {
        BodyCache cache = new BodyCache(1 << 20, 1024, new SimpleMeterRegistry());
        Supplier<InputStream> blob = blob("Subject: hi\r\n\r\nbody\r\n");

        assertThat(text(cache.open("k", 21, 0, 21, blob))).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(text(cache.open("k", 21, 15, 4, blob))).isEqualTo("body");
        assertThat(text(cache.open("k", 21, 15, 1000, blob))).isEqualTo("body\r\n");
        assertThat(text(cache.open("k", 21, 500, 10, blob))).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void largerMessagesAreLeftToTheObjectStore() {
        BodyCache cache = new BodyCache(1 << 20, 8, new SimpleMeterRegistry());

        assertThat(cache.open("k", 21, 0, 21, blob("Subject: hi\r\n\r\nbody\r\n"))).isNull();
        assertThat(reads).hasValue(0);
        // a blob longer than its recorded size is read once, not kept
        assertThat(cache.open("k", 4, 0, 4, blob("Subject: hi\r\n\r\nbody\r\n"))).isNull();
        assertThat(new BodyCache(0, 1024, new SimpleMeterRegistry()).open("k", 4, 0, 4, blob("abcd"))).isNull();
    }

    @Test
    void aFailedReadIsATemporaryFailureAndNothingIsKept() throws IOException {
        BodyCache cache = new BodyCache(1 << 20, 1024, new SimpleMeterRegistry());
        Supplier<InputStream> broken = () -> new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> cache.open("k", 4, 0, 4, broken)).isInstanceOf(BlobStoreUnavailableException.class);
        assertThat(text(cache.open("k", 4, 0, 4, blob("abcd")))).isEqualTo("abcd");
    }
}
