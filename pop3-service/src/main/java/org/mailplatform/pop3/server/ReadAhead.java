package org.mailplatform.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailplatform.model.Principal;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.mailplatform.pop3.maildrop.MaildropStore;

/**
 * Reads the next small messages of the snapshot while the client is still busy with the current
 * one: a retrieve-all client (fetchmail, poplib, every mail app) asks for 1, 2, 3 ... one after the
 * other, and each RETR would otherwise wait a whole S3 round trip. After RETR n it starts reading
 * the following messages (up to the window) of at most the limit's message size, as long as they
 * fit the session's byte share and the node's budget ({@link ReadAheadLimits}), so the heap
 * read-ahead holds stays bounded per session and per node. A batch is first asked of the store's
 * caches of small messages in one query (for new mail, the shared cache of ADR 0211 has them all);
 * what they lack is read from the object store, a few messages at a time. Used on the session's
 * event loop only; the reads run on virtual threads.
 */
final class ReadAhead {

    private static final ExecutorService READERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pop3-read-ahead-", 0).factory());

    /**
     * The most messages of the first batch when nothing is read ahead yet (the first RETR, or one
     * past the window): the client asks for the next message a moment later, and a batch of 64
     * small messages took 3.3 ms on average to come back from the shared cache, which that RETR
     * would wait out; a few come back in a fraction of that, the full batches follow in parallel.
     */
    static final int FIRST_BATCH = 4;

    /** Where read-ahead gets messages' bytes. */
    interface Source {

        /** The whole bytes of those of {@code messages} the store's caches hold, keyed by UID (one query). */
        Map<Long, byte[]> cached(List<MaildropMessage> messages);

        /** Opens one message's bytes (an object-store read). */
        InputStream content(MaildropMessage message);

        /** {@code principal}'s maildrop in {@code store}. */
        static Source of(MaildropStore store, Principal principal) {
            return new Source() {
                @Override
                public Map<Long, byte[]> cached(List<MaildropMessage> messages) {
                    return store.cached(principal, messages);
                }

                @Override
                public InputStream content(MaildropMessage message) {
                    return store.content(message);
                }
            };
        }
    }

    private record Pending(long size, CompletableFuture<byte[]> read) {
    }

    private record Miss(MaildropMessage message, CompletableFuture<byte[]> read) {
    }

    private final Source maildrops;
    private final ReadAheadLimits limits;
    private final Map<Integer, Pending> pending = new HashMap<>();
    /** Messages of this session's batches that no cache held, waiting for an object-store reader. */
    private final Queue<Miss> misses = new ConcurrentLinkedQueue<>();
    /** This session's object-store readers at work. */
    private final AtomicInteger readers = new AtomicInteger();
    /**
     * The session ended ({@link #clear}): nothing more is started, and its queued object-store reads
     * are dropped. A retrieval whose result reaches the event loop after the connection closed still
     * calls {@link #after}; what that reserved would never be cleared, and the node's budget would
     * shrink for good.
     */
    private volatile boolean ended;
    private long bytes;

    ReadAhead(Source maildrops, ReadAheadLimits limits) {
        this.maildrops = maildrops;
        this.limits = limits;
    }

    /**
     * The content of message {@code number} if it was read ahead (or is being read), else null. Its
     * bytes leave the session's share and, once the read has finished, the node's budget: from then
     * on they are the retrieval's, like the chunk a streamed retrieval holds.
     */
    CompletableFuture<byte[]> take(int number) {
        Pending p = pending.remove(number);
        if (p == null) {
            return null;
        }
        bytes -= p.size();
        p.read().whenComplete((content, failure) -> limits.release(p.size()));
        return p.read();
    }

    /**
     * Starts reading the small messages after {@code number}, within the window and the byte budgets.
     * Reads start in batches of a quarter of the window, each one query of the store's caches, as
     * soon as a quarter of the window is free (the first of a read-ahead that holds nothing yet
     * smaller, {@link #FIRST_BATCH}); several batches may be on their way at once, so the
     * next ones arrive while the client takes the current. What the caches lack is read from the
     * object store, at most the limit's parallel reads at a time for the session.
     */
    void after(Maildrop maildrop, int number) {
        int window = limits.window();
        int batchSize = Math.max(1, window / 4);
        long ahead = pending.keySet().stream().filter(n -> n > number).count();
        if (ended || window == 0 || window - ahead < batchSize) {
            return;
        }
        List<MaildropMessage> batch = new ArrayList<>();
        List<CompletableFuture<byte[]>> reads = new ArrayList<>();
        int nextBatch = ahead == 0 ? Math.min(batchSize, FIRST_BATCH) : batchSize;
        for (int n = number + 1; n <= number + window; n++) {
            MaildropMessage m = maildrop.get(n).orElse(null);
            if (m == null || pending.containsKey(n) || m.size() > limits.maxMessageSize()) {
                continue;
            }
            if (bytes + m.size() > limits.sessionBytes() || !limits.tryReserve(m.size())) {
                break;
            }
            bytes += m.size();
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            pending.put(n, new Pending(m.size(), read));
            batch.add(m);
            reads.add(read);
            if (batch.size() == nextBatch) {
                start(batch, reads);
                batch = new ArrayList<>();
                reads = new ArrayList<>();
                nextBatch = batchSize;
            }
        }
        if (!batch.isEmpty()) {
            start(batch, reads);
        }
    }

    private void start(List<MaildropMessage> batch, List<CompletableFuture<byte[]>> reads) {
        READERS.execute(() -> read(batch, reads));
    }

    /** Completes {@code reads} from the store's caches where it can, else queues object-store reads. */
    private void read(List<MaildropMessage> batch, List<CompletableFuture<byte[]>> reads) {
        if (ended) {
            reads.forEach(r -> r.cancel(false)); // gives their bytes back (clear)
            return;
        }
        Map<Long, byte[]> cached;
        try {
            cached = maildrops.cached(batch);
        } catch (RuntimeException e) {
            cached = Map.of(); // the caches are a shortcut: the object store still has every message
        }
        for (int i = 0; i < batch.size(); i++) {
            byte[] bytes = cached.get(batch.get(i).uid());
            if (bytes != null && bytes.length == batch.get(i).size()) {
                reads.get(i).complete(bytes);
            } else {
                misses.add(new Miss(batch.get(i), reads.get(i)));
            }
        }
        while (!misses.isEmpty() && tryStartReader()) {
            READERS.execute(this::readMisses);
        }
    }

    /** Counts one more object-store reader if the session has fewer than its limit. */
    private boolean tryStartReader() {
        while (true) {
            int now = readers.get();
            if (now >= limits.parallelReads()) {
                return false;
            }
            if (readers.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** One of the session's object-store readers: reads queued misses until none is left. */
    private void readMisses() {
        while (true) {
            Miss miss;
            while ((miss = misses.poll()) != null) {
                if (ended) {
                    miss.read().cancel(false); // nobody will take it: no object-store read for it
                    continue;
                }
                try {
                    miss.read().complete(read(miss.message()));
                } catch (RuntimeException | Error e) {
                    miss.read().completeExceptionally(e);
                }
            }
            readers.decrementAndGet();
            // a miss queued after the poll above may have found this reader still counted: take it on
            if (misses.isEmpty() || !tryStartReader()) {
                return;
            }
        }
    }

    /** Forgets a message (DELE): what was read is dropped. */
    void forget(int number) {
        take(number);
    }

    /** Forgets everything (session end); reads nothing more, even when asked to ({@link #after}). */
    void clear() {
        ended = true;
        for (Pending p : pending.values()) {
            p.read().whenComplete((content, failure) -> limits.release(p.size()));
        }
        pending.clear();
        bytes = 0;
    }

    private byte[] read(MaildropMessage m) {
        try (InputStream in = maildrops.content(m)) {
            return in.readNBytes((int) m.size()); // blobs are immutable; never more than was reserved
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
