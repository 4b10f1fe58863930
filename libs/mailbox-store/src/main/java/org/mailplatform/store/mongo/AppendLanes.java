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
 * <p>One caller's several appends ({@link #submitAll}) queue as one group that is never split between
 * batches: they are stored together, in their order, or fail together.
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
        // groups of entries, each committed whole within one batch
        final ArrayDeque<List<Entry<T>>> queue = new ArrayDeque<>();
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

    /** The most appends in one batch, and so in one group. */
    int maxBatch() {
        return maxBatch;
    }

    /**
     * Queues {@code work} for {@code mailboxId}, commits it (leading a batch or waiting for the batch
     * that takes it) and returns its result or throws what the commit failed it with.
     */
    <T> AppendResult submit(String mailboxId, T work, Consumer<List<Entry<T>>> commit) {
        return await(submitAll(mailboxId, List.of(work), commit).getFirst());
    }

    /**
     * Queues {@code works} for {@code mailboxId} as one group (at most {@code maxBatch} of them),
     * committed within one batch in their order, and returns their results once that batch is done:
     * each completed with its result or with what the commit failed it with.
     */
    @SuppressWarnings("unchecked")
    <T> List<CompletableFuture<AppendResult>> submitAll(String mailboxId, List<T> works,
                                                        Consumer<List<Entry<T>>> commit) {
        if (works.isEmpty() || works.size() > maxBatch) {
            throw new IllegalArgumentException("a group holds 1 to " + maxBatch + " appends, not " + works.size());
        }
        List<Entry<T>> group = works.stream().map(Entry::new).toList();
        Entry<T> head = group.getFirst();
        Lane<T> lane = (Lane<T>) lanes.computeIfAbsent(mailboxId, id -> new Lane<T>());
        boolean leader;
        synchronized (lane) {
            lane.queue.add(group);
            leader = !lane.leading;
            lane.leading = true;
        }
        if (!leader) {
            // woken either with the result or to lead the next batch (the group is committed whole,
            // so its first entry stands for all of it)
            try {
                CompletableFuture.anyOf(head.result, head.lead).join();
            } catch (java.util.concurrent.CompletionException failed) {
                // the batch failed the group: its results say so
            }
        }
        if (!head.result.isDone()) {
            lead(mailboxId, lane, commit);
        }
        return group.stream().map(e -> e.result).toList();
    }

    private <T> void lead(String mailboxId, Lane<T> lane, Consumer<List<Entry<T>>> commit) {
        List<Entry<T>> batch = new ArrayList<>();
        synchronized (lane) {
            // whole groups only; the first one always fits (no group is larger than maxBatch)
            while (!lane.queue.isEmpty() && batch.size() + lane.queue.peek().size() <= maxBatch) {
                batch.addAll(lane.queue.poll());
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
                List<Entry<T>> next = lane.queue.peek();
                if (next != null) {
                    next.getFirst().lead.complete(null);
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
            return lane.queue.stream().mapToInt(List::size).sum();
        }
    }

    /** The result of a completed or completing append, or what it failed with, thrown. */
    static AppendResult await(CompletableFuture<AppendResult> result) {
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
