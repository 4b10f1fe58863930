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
        HeldFirstBatch commit = new HeldFirstBatch();

        Future<AppendResult> first = pool.submit(() -> lanes.submit("m", 0, commit));
        assertThat(commit.entered.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<AppendResult>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int n = i;
            queued.add(pool.submit(() -> lanes.submit("m", n, commit)));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> lanes.waiting("m") == 5);
        commit.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).uid()).isZero();
        for (int i = 0; i < queued.size(); i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS).uid()).isEqualTo(i + 1);
        }
        assertThat(commit.batches.get(0)).containsExactly(0);
        assertThat(commit.batches).extracting(List::size).containsExactly(1, 3, 2);
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

    @Test
    void aGroupIsCommittedWholeInOneBatchInItsOrder() throws Exception {
        AppendLanes lanes = new AppendLanes(4);
        HeldFirstBatch commit = new HeldFirstBatch();

        Future<AppendResult> first = pool.submit(() -> lanes.submit("m", 0, commit));
        assertThat(commit.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<AppendResult> single = pool.submit(() -> lanes.submit("m", 1, commit));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> lanes.waiting("m") == 1);
        // 1 + 3 would fit the limit of 4, 1 + 3 + 2 would not: the second group waits for the next batch whole
        Future<List<java.util.concurrent.CompletableFuture<AppendResult>>> group = pool.submit(
                () -> lanes.submitAll("m", List.of(10, 11, 12), commit));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> lanes.waiting("m") == 4);
        Future<List<java.util.concurrent.CompletableFuture<AppendResult>>> second = pool.submit(
                () -> lanes.submitAll("m", List.of(20, 21), commit));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> lanes.waiting("m") == 6);
        commit.release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).uid()).isZero();
        assertThat(single.get(10, TimeUnit.SECONDS).uid()).isEqualTo(1);
        assertThat(group.get(10, TimeUnit.SECONDS)).allMatch(java.util.concurrent.CompletableFuture::isDone)
                .extracting(f -> f.join().uid()).containsExactly(10L, 11L, 12L);
        assertThat(second.get(10, TimeUnit.SECONDS)).extracting(f -> f.join().uid()).containsExactly(20L, 21L);
        assertThat(commit.batches).containsExactly(List.of(0), List.of(1, 10, 11, 12), List.of(20, 21));
    }

    @Test
    void aFailedBatchFailsEveryAppendOfItsGroups() {
        AppendLanes lanes = new AppendLanes(8);
        List<java.util.concurrent.CompletableFuture<AppendResult>> results = lanes.submitAll("m", List.of(1, 2, 3),
                batch -> {
                    throw new IllegalStateException("database gone");
                });
        assertThat(results).allMatch(java.util.concurrent.CompletableFuture::isCompletedExceptionally);
        assertThatThrownBy(() -> AppendLanes.await(results.get(2))).hasMessage("database gone");
        assertThatThrownBy(() -> lanes.submitAll("m", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9), batch -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lanes.submit("m", 4, batch -> batch.forEach(e -> e.result.complete(result(e.work)))).uid())
                .isEqualTo(4);
    }

    /** A commit that records every batch and holds the first until released, so appends queue behind it. */
    private static final class HeldFirstBatch implements java.util.function.Consumer<List<AppendLanes.Entry<Integer>>> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

        @Override
        public void accept(List<AppendLanes.Entry<Integer>> batch) {
            batches.add(batch.stream().map(e -> e.work).toList());
            if (batches.size() == 1) {
                entered.countDown();
                await(release);
            }
            batch.forEach(e -> e.result.complete(result(e.work)));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
