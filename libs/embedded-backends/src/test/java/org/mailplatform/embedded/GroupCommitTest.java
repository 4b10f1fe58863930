package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteSerializingBackend}'s group commit: no write is answered before a commit that covers
 * it, and concurrent writers share commits instead of paying one each.
 */
class GroupCommitTest {

    /** The writes applied so far, counted under the backend's write lock. */
    private final AtomicLong applied = new AtomicLong();
    /** What the last commit covered: the applied count when it ran. */
    private final AtomicLong covered = new AtomicLong();
    private final AtomicInteger commits = new AtomicInteger();
    private final ThreadLocal<Long> mine = new ThreadLocal<>();

    private final WriteSerializingBackend backend = new WriteSerializingBackend(new MemoryBackend() {
        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            Document result = super.handleCommand(channel, database, command, query);
            mine.set(applied.incrementAndGet());
            return result;
        }
    }, () -> {
        LockSupport.parkNanos(300_000); // what writing a chunk of pages to the file costs
        covered.set(applied.get());
        commits.incrementAndGet();
    });

    private Document insert(String id) {
        Document command = new Document("insert", "messages").append("$db", "group");
        command.put("documents", List.of(new Document("_id", id)));
        return backend.handleCommand(new EmbeddedChannel(), "group", "insert", command);
    }

    @Test
    void everyAnsweredWriteIsCoveredByACommitAndConcurrentWritersShareThem() throws Exception {
        int threads = 8;
        int each = 50;
        List<Future<Integer>> uncovered = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                uncovered.add(pool.submit(() -> {
                    int late = 0;
                    for (int i = 0; i < each; i++) {
                        insert(thread + "-" + i);
                        if (covered.get() < mine.get()) {
                            late++;
                        }
                    }
                    return late;
                }));
            }
            for (Future<Integer> f : uncovered) {
                assertThat(f.get()).as("writes answered before a commit covered them").isZero();
            }
        }
        assertThat(applied.get()).isEqualTo((long) threads * each);
        assertThat(commits.get()).as("commits for %d concurrent writes", threads * each)
                .isLessThan(threads * each);
    }

    @Test
    void afterAFailedCommitNoWriteIsAnsweredAsWrittenUntilARestart() {
        AtomicInteger tries = new AtomicInteger();
        WriteSerializingBackend failing = new WriteSerializingBackend(new MemoryBackend(), () -> {
            if (tries.incrementAndGet() == 2) {
                throw new IllegalStateException("No space left on device");
            }
        });
        Document first = new Document("insert", "messages").append("documents", List.of(new Document("_id", "a")));
        failing.handleCommand(new EmbeddedChannel(), "group", "insert", first);
        Document second = new Document("insert", "messages").append("documents", List.of(new Document("_id", "b")));
        assertThatThrownBy(() -> failing.handleCommand(new EmbeddedChannel(), "group", "insert", second))
                .hasMessageContaining("No space left on device");
        Document third = new Document("insert", "messages").append("documents", List.of(new Document("_id", "c")));
        assertThatThrownBy(() -> failing.handleCommand(new EmbeddedChannel(), "group", "insert", third))
                .hasMessageContaining("takes no more writes until restarted");
        assertThat(tries.get()).as("no commit tried after the failure").isEqualTo(2);
    }

    private Document unjournaledInsert(String id) {
        Document command = new Document("insert", "messages").append("$db", "group");
        command.put("documents", List.of(new Document("_id", id)));
        command.put("writeConcern", new Document("w", 1).append("j", false));
        return backend.handleCommand(new EmbeddedChannel(), "group", "insert", command);
    }

    @Test
    void writesAskedForWithoutTheJournalAreAnsweredBeforeACommitAndTheNextDurableWriteCoversThem() {
        for (int i = 0; i < 3; i++) {
            unjournaledInsert("step-" + i);
        }
        assertThat(commits.get()).as("commits of j:false writes by their own callers").isZero();
        assertThat(backend.uncommitted()).isEqualTo(3);
        insert("last");
        assertThat(commits.get()).isEqualTo(1);
        assertThat(covered.get()).as("the durable write's commit covers the steps before it").isEqualTo(4);
        assertThat(backend.uncommitted()).isZero();
    }

    @Test
    void writesAskedForWithoutTheJournalAreCommittedSoonWithoutADurableWrite() {
        unjournaledInsert("alone");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> backend.uncommitted() == 0);
        assertThat(covered.get()).isEqualTo(1);
        assertThat(commits.get()).isEqualTo(1);
    }

    @Test
    void onlyAnExplicitJFalseDefersTheCommit() {
        assertThat(WriteSerializingBackend.unjournaled(new Document("insert", "m"))).isFalse();
        assertThat(WriteSerializingBackend.unjournaled(new Document("insert", "m")
                .append("writeConcern", new Document("w", "majority")))).isFalse();
        assertThat(WriteSerializingBackend.unjournaled(new Document("insert", "m")
                .append("writeConcern", new Document("w", 1).append("j", true)))).isFalse();
        assertThat(WriteSerializingBackend.unjournaled(new Document("insert", "m")
                .append("writeConcern", new Document("j", false)))).isTrue();
    }

    @Test
    void aLoneWriterCommitsEachWrite() {
        for (int i = 0; i < 5; i++) {
            insert("alone-" + i);
            assertThat(covered.get()).isEqualTo(i + 1);
        }
        assertThat(commits.get()).isEqualTo(5);
    }
}
