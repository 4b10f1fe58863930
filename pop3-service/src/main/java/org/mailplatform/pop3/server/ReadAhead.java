package org.mailplatform.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
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
 * the following messages (up to the window) of at most the limit's message size, concurrently, as
 * long as they fit the session's byte share and the node's budget ({@link ReadAheadLimits}), so the
 * heap read-ahead holds stays bounded per session and per node. Used on the session's event loop
 * only; the reads run on virtual threads.
 */
final class ReadAhead {

    private static final ExecutorService READERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pop3-read-ahead-", 0).factory());

    private record Pending(long size, CompletableFuture<byte[]> read) {
    }

    private final MaildropStore maildrops;
    private final ReadAheadLimits limits;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private long bytes;

    ReadAhead(MaildropStore maildrops, ReadAheadLimits limits) {
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

    /** Starts reading the small messages after {@code number}, within the window and the byte budgets. */
    void after(Maildrop maildrop, int number) {
        for (int n = number + 1; n <= number + limits.window(); n++) {
            MaildropMessage m = maildrop.get(n).orElse(null);
            if (m == null || pending.containsKey(n) || m.size() > limits.maxMessageSize()) {
                continue;
            }
            if (bytes + m.size() > limits.sessionBytes() || !limits.tryReserve(m.size())) {
                return;
            }
            bytes += m.size();
            pending.put(n, new Pending(m.size(), CompletableFuture.supplyAsync(() -> read(m), READERS)));
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
