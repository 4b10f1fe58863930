package org.mailplatform.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.store.AppendResult;

/** The group commit's hand-over logic, without a database. */
class AppendLanesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static AppendResult result(long uid) {
        return new AppendResult("m", 1, uid, uid, 10, false);
    }

    @Test
    void appendsQueuedBehindABatchAreCommittedTogetherUpToTheLimit() throws Exception {
        AppendLanes lanes = new AppendLanes(3);
        CountDownLatch firstBatchEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<List<AppendLanes.Entry<Integer>>> commit = batch -> {
            batches.add(batch.stream().map(e -> e.work).toList());
            if (batches.size() == 1) {
                firstBatchEntered.countDown();
                await(releaseFirstBatch);
            }
            batch.forEach(e -> e.result.complete(result(e.work)));
        };

        Future<AppendResult> first = pool.submit(() -> lanes.submit("m", 0, commit));
        assertThat(firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<AppendResult>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            queued.add(pool.submit(() -> lanes.submit("m", n, commit)));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> lanes.waiting("m") == 5);
        releaseFirstBatch.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).uid()).isZero();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS).uid()).isEqualTo(i + 1);
        }
        assertThat(batches.get(0)).containsExactly(0);
        assertThat(batches).extracting(List::size).containsExactly(1, 3, 2);
    }

    @Test
    void aFailedBatchFailsEachOfItsAppendsAndTheLaneGoesOn() throws Exception {
        AppendLanes lanes = new AppendLanes(8);
        assertThatThrownBy(() -> lanes.submit("m", 1, batch -> {
            throw new IllegalStateException("database gone");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database gone");
        assertThatThrownBy(() -> lanes.submit("m", 2, batch -> { }))
                .hasMessageContaining("not completed by its batch");
        assertThat(lanes.submit("m", 3, batch -> batch.forEach(e -> e.result.complete(result(e.work)))).uid())
                .isEqualTo(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
