package org.mailplatform.pop3.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.mailplatform.model.Principal;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.mailplatform.pop3.maildrop.MaildropStore;

/**
 * Reads the next small messages of the snapshot while the client is still busy with the current
 * one: a retrieve-all client (fetchmail, poplib, every mail app) asks for 1, 2, 3 ... one after the
 * other, and each RETR would otherwise wait a whole S3 round trip. After RETR n it starts reading
 * up to {@value #WINDOW} following messages of at most {@value #MAX_MESSAGE} bytes concurrently, at
 * most {@value #MAX_BYTES} bytes per session, so the heap a session holds stays bounded. Used on the
 * session's event loop only; the reads run on virtual threads.
 */
final class ReadAhead {

    static final int WINDOW = 8;
    static final int MAX_MESSAGE = 64 * 1024;
    static final int MAX_BYTES = 512 * 1024;

    private static final ExecutorService READERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("pop3-read-ahead-", 0).factory());

    private final MaildropStore maildrops;
    private final Map<Integer, CompletableFuture<byte[]>> pending = new HashMap<>();
    private final Map<Integer, Long> sizes = new HashMap<>();
    private long bytes;

    ReadAhead(MaildropStore maildrops) {
        this.maildrops = maildrops;
    }

    /** The content of message {@code number} if it was read ahead (or is being read), else null. */
    CompletableFuture<byte[]> take(int number) {
        CompletableFuture<byte[]> f = pending.remove(number);
        if (f != null) {
            bytes -= sizes.remove(number);
        }
        return f;
    }

    /** Starts reading the small messages after {@code number}, within the window and byte budget. */
    void after(Principal principal, Maildrop maildrop, int number) {
        for (int n = number + 1; n <= number + WINDOW; n++) {
            MaildropMessage m = maildrop.get(n).orElse(null);
            if (m == null || pending.containsKey(n) || m.size() > MAX_MESSAGE) {
                continue;
            }
            if (bytes + m.size() > MAX_BYTES) {
                return;
            }
            bytes += m.size();
            sizes.put(n, m.size());
            pending.put(n, CompletableFuture.supplyAsync(() -> read(principal, m), READERS));
        }
    }

    /** Forgets a message (DELE) or everything (session end). */
    void forget(int number) {
        take(number);
    }

    void clear() {
        pending.clear();
        sizes.clear();
        bytes = 0;
    }

    private byte[] read(Principal principal, MaildropMessage m) {
        try (InputStream in = maildrops.content(principal, m)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
