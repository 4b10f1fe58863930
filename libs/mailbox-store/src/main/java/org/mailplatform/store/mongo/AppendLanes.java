package org.mailplatform.store.mongo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import org.mailplatform.store.AppendResult;

/**
 * Group commit of appends to one mailbox within this store instance. Appends that arrive while an
 * earlier batch of the same mailbox is being written queue up; the thread that finds the lane idle
 * leads: it hands the queued appends, up to {@code maxBatch}, to the commit function, which writes them
 * with one quota update, one UID allocation, one multi-document insert and one watermark move instead
 * of one of each per message. When a leader's batch is done and more appends are queued, the first of
 * them leads the next batch, so no caller writes other callers' messages for long.
 *
 * <p>Nothing is held back waiting for company: a lone append is a batch of one and starts at once.
 * Across store instances (nodes) the lanes are independent; the order and quota rules are kept by
 * MongoDB's single-document updates, as without batching.
 */
final class AppendLanes {

    /** An append waiting for its batch; the commit function completes {@link #result}. */
    static final class Entry<T> {
        final T work;
        final CompletableFuture<AppendResult> result = new CompletableFuture<>();
        private final CompletableFuture<Void> lead = new CompletableFuture<>();

        Entry(T work) {
            this.work = work;
        }
    }

    private static final class Lane<T> {
        final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
        boolean leading;
    }

    private final ConcurrentHashMap<String, Lane<?>> lanes = new ConcurrentHashMap<>();
    private final int maxBatch;

    AppendLanes(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
    }

    /**
     * Queues {@code work} for {@code mailboxId}, commits it (leading a batch or waiting for the batch
     * that takes it) and returns its result or throws what the commit failed it with.
     */
    @SuppressWarnings("unchecked")
    <T> AppendResult submit(String mailboxId, T work, Consumer<List<Entry<T>>> commit) {
        Entry<T> entry = new Entry<>(work);
        Lane<T> lane = (Lane<T>) lanes.computeIfAbsent(mailboxId, id -> new Lane<T>());
        boolean leader;
        synchronized (lane) {
            lane.queue.add(entry);
            leader = !lane.leading;
            lane.leading = true;
        }
        if (!leader) {
            // woken either with the result or to lead the next batch
            try {
                CompletableFuture.anyOf(entry.result, entry.lead).join();
            } catch (java.util.concurrent.CompletionException failed) {
                // the batch failed this append: thrown below by await
            }
        }
        if (!entry.result.isDone()) {
            lead(mailboxId, lane, commit);
        }
        return await(entry.result);
    }

    private <T> void lead(String mailboxId, Lane<T> lane, Consumer<List<Entry<T>>> commit) {
        List<Entry<T>> batch = new ArrayList<>();
        synchronized (lane) {
            while (batch.size() < maxBatch && !lane.queue.isEmpty()) {
                batch.add(lane.queue.poll());
            }
        }
        try {
            commit.accept(batch);
        } catch (RuntimeException | Error e) {
            for (Entry<T> entry : batch) {
                entry.result.completeExceptionally(e);
            }
        } finally {
            for (Entry<T> entry : batch) {
                entry.result.completeExceptionally(new IllegalStateException("append not completed by its batch"));
            }
            synchronized (lane) {
                Entry<T> next = lane.queue.peek();
                if (next != null) {
                    next.lead.complete(null);
                } else {
                    lane.leading = false;
                    lanes.remove(mailboxId, lane);
                }
            }
        }
    }

    /** Appends waiting for a batch of {@code mailboxId} (not the ones being written). */
    int waiting(String mailboxId) {
        Lane<?> lane = lanes.get(mailboxId);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.queue.size();
        }
    }

    private static AppendResult await(CompletableFuture<AppendResult> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
