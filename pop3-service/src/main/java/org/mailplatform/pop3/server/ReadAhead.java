package org.mailplatform.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    /** Where read-ahead gets messages' bytes. */
    interface Source {

        /** The whole bytes of those of {@code messages} the store's caches hold, keyed by UID (one query). */
        Map<Long, byte[]> cached(List<MaildropMessage> messages);

        /** Opens one message's bytes (an object-store read). */
        InputStream content(MaildropMessage message);

        static Source of(MaildropStore store) {
            return new Source() {
                @Override
                public Map<Long, byte[]> cached(List<MaildropMessage> messages) {
                    return store.cached(messages);
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

    private final Source maildrops;
    private final ReadAheadLimits limits;
    private final Map<Integer, Pending> pending = new HashMap<>();
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
     * Reads start in batches, once fewer than half the window are left ahead, so one query of the
     * store's caches serves many messages; the batch's messages no cache holds are then read from the
     * object store, each on its own, in parallel.
     */
    void after(Maildrop maildrop, int number) {
        int window = limits.window();
        long ahead = pending.keySet().stream().filter(n -> n > number).count();
        if (window == 0 || ahead > window / 2) {
            return;
        }
        List<MaildropMessage> batch = new ArrayList<>();
        for (int n = number + 1; n <= number + window; n++) {
            MaildropMessage m = maildrop.get(n).orElse(null);
            if (m == null || pending.containsKey(n) || m.size() > limits.maxMessageSize()) {
                continue;
            }
            if (bytes + m.size() > limits.sessionBytes() || !limits.tryReserve(m.size())) {
                break;
            }
            bytes += m.size();
            batch.add(m);
        }
        List<CompletableFuture<byte[]>> reads = new ArrayList<>(batch.size());
        for (MaildropMessage m : batch) {
            CompletableFuture<byte[]> read = new CompletableFuture<>();
            reads.add(read);
            pending.put(m.number(), new Pending(m.size(), read));
        }
        if (!batch.isEmpty()) {
            READERS.execute(() -> read(batch, reads));
        }
    }

    /** Completes {@code reads} from the store's caches where it can, else by one object-store read each. */
    private void read(List<MaildropMessage> batch, List<CompletableFuture<byte[]>> reads) {
        Map<Long, byte[]> cached;
        try {
            cached = maildrops.cached(batch);
        } catch (RuntimeException e) {
            cached = Map.of(); // the caches are a shortcut: the object store still has every message
        }
        java.util.Queue<Integer> misses = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < batch.size(); i++) {
            byte[] bytes = cached.get(batch.get(i).uid());
            if (bytes != null && bytes.length == batch.get(i).size()) {
                reads.get(i).complete(bytes);
            } else {
                misses.add(i);
            }
        }
        // the rest from the object store, a few at a time, so one session cannot flood it
        for (int r = 0; r < Math.min(limits.parallelReads(), misses.size()); r++) {
            READERS.execute(() -> {
                Integer i;
                while ((i = misses.poll()) != null) {
                    try {
                        reads.get(i).complete(read(batch.get(i)));
                    } catch (RuntimeException | Error e) {
                        reads.get(i).completeExceptionally(e);
                    }
                }
            });
        }
    }

    /** Forgets a message (DELE): what was read is dropped. */
    void forget(int number) {
        take(number);
    }

    /** Forgets everything (session end). */
    void clear() {
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
