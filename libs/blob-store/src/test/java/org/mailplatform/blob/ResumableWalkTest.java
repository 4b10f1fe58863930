package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.WithTestStack;

/** A walk spread over runs against the test stack's S3, each test in its own bucket. */
@WithTestStack
class ResumableWalkTest {

    private MinioClient client;
    private S3BlobStore store;
    /** The position as the collectors keep it, here in memory. */
    private final Remembered position = new Remembered();

    @BeforeEach
    void connect(BackendEndpoints stack) {
        S3Properties s3 = new S3Properties(stack.s3().url(), stack.s3().accessKey(), stack.s3().secretKey(),
                "us-east-1", "walk-" + UUID.randomUUID().toString().substring(0, 8), true, 5 * 1024 * 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(30), 2, 50, Duration.ofSeconds(30));
        client = BlobStoreFactory.client(s3);
        store = BlobStoreFactory.store(client, s3, CircuitBreaker.of("s3", BlobStoreFactory.breakerConfig(s3)),
                Retry.of("s3", BlobStoreFactory.retryConfig(s3)));
        store.ensureBucket();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Test
    void runsOfOnePageVisitEveryKeyOnceInKeyOrderAcrossPrefixesGivenInAnotherOrder() {
        // "a/" sorts after "a-b/" although "a" sorts before "a-b"
        List<String> keys = new ArrayList<>(put("a-b", 3));
        keys.addAll(put("a", 2));
        keys.addAll(put("c", 1));
        put("b", 2); // not walked
        ResumableWalk walk = new ResumableWalk(store, 2, 1);

        List<String> seen = new ArrayList<>();
        List<ResumableWalk.Run> runs = new ArrayList<>();
        ResumableWalk.Run run;
        do {
            run = walk.run(List.of("a/", "a-b/", "c/"), position, page -> page.forEach(b -> seen.add(b.key().value())));
            runs.add(run);
        } while (!run.finished() && runs.size() < 20);

        assertThat(seen).containsExactlyElementsOf(keys);
        assertThat(runs).allSatisfy(r -> assertThat(r.pages()).isLessThanOrEqualTo(1));
        assertThat(runs.getLast().finished()).isTrue();
        assertThat(runs).hasSize(5); // a-b: 2 + 1, a: 2, c: 1, the last of them then lists only ends
    }

    @Test
    void aPageItsHandlerFailsOnIsListedAgainByTheNextRunAndNoPageBefore() {
        List<String> keys = put("t", 6);
        ResumableWalk walk = new ResumableWalk(store, 2, 0);
        List<String> seen = new ArrayList<>();

        assertThatThrownBy(() -> walk.run(List.of("t/"), position, page -> {
            if (page.getFirst().key().value().equals(keys.get(2))) {
                throw new IllegalStateException("S3 is down");
            }
            page.forEach(b -> seen.add(b.key().value()));
        })).hasMessage("S3 is down");
        assertThat(position.last()).contains(keys.get(1));

        ResumableWalk.Run run = walk.run(List.of("t/"), position, page -> page.forEach(b -> seen.add(b.key().value())));
        assertThat(run).isEqualTo(new ResumableWalk.Run(2, true));
        assertThat(seen).containsExactlyElementsOf(keys);
    }

    private List<String> put(String prefix, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlobKey key = new BlobKey(prefix + "/2026/11/" + UUID.randomUUID());
            store.put(key, new ByteArrayInputStream(new byte[] {1}), 1);
            keys.add(key.value());
        }
        return keys.stream().sorted().toList();
    }

    private static final class Remembered implements ResumableWalk.Position {
        private String last;

        @Override
        public Optional<String> last() {
            return Optional.ofNullable(last);
        }

        @Override
        public void handled(String key) {
            last = key;
        }
    }
}
