package org.mailplatform.bench.imap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailplatform.bench.support.HeapProbe;

/**
 * The memory benchmark's client: opens {@code sessions} connections, each logged in as one of
 * {@code sessions / perUser} users ({@code idle<n>@bench.test}, so the per-user limit holds),
 * with the INBOX selected and in IDLE, and measures the server's live heap (after full
 * collections, {@code jcmd}) before and with all of them open.
 *
 * With {@code shared} true every session is {@code bench@bench.test} instead, on the INBOX the
 * server seeded.
 *
 * <p>{@code IdleLoad host port sessions perUser serverPid shared} prints {@code metric value unit} lines.
 */
public final class IdleLoad {

    private static final int OPENING_AT_ONCE = 32;

    private IdleLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int sessions = Integer.parseInt(args[2]);
        int perUser = Integer.parseInt(args[3]);
        HeapProbe heap = new HeapProbe(Long.parseLong(args[4]));
        boolean shared = args.length > 5 && (args[5].equals("1") || args[5].equals("true"));

        // each user logs in once first, so their default mailboxes exist before the baseline
        int users = (sessions + perUser - 1) / perUser;
        try (ExecutorService first = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            for (int u = 0; u < users; u++) {
                String user = shared ? "bench" + BenchDirectory.DOMAIN : "idle" + u + BenchDirectory.DOMAIN;
                first.execute(() -> {
                    try {
                        ImapConnection c = new ImapConnection(host, port, 1024);
                        c.login(user, BenchDirectory.PASSWORD);
                        c.command("SELECT INBOX");
                        c.logout();
                    } catch (Exception e) {
                        System.err.println("first login of " + user + ": " + e);
                    }
                });
            }
        }
        long before = heap.liveBytes();

        List<ImapConnection> open = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Semaphore opening = new Semaphore(OPENING_AT_ONCE);
        long start = System.nanoTime();
        try (ExecutorService openers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                String user = shared ? "bench" + BenchDirectory.DOMAIN : "idle" + (i / perUser) + BenchDirectory.DOMAIN;
                opening.acquire();
                openers.execute(() -> {
                    try {
                        ImapConnection c = new ImapConnection(host, port, 1024);
                        c.login(user, BenchDirectory.PASSWORD);
                        c.command("SELECT INBOX");
                        c.idle();
                        open.add(c);
                    } catch (Exception e) {
                        if (failed.incrementAndGet() <= 5) {
                            System.err.println("session for " + user + " failed: " + e);
                        }
                    } finally {
                        opening.release();
                    }
                });
            }
        }
        double openSeconds = (System.nanoTime() - start) / 1e9;
        long after = heap.liveBytes();
        int idle = open.size();
        ImapLoad.metric("idle.sessions", idle, "sessions");
        ImapLoad.metric("idle.failed", failed.get(), "sessions");
        ImapLoad.metric("idle.open_time", openSeconds, "s");
        ImapLoad.metric("idle.heap_before", before / 1048576.0, "MiB");
        ImapLoad.metric("idle.heap_with_sessions", after / 1048576.0, "MiB");
        ImapLoad.metric("idle.heap_per_session", idle == 0 ? 0 : (after - before) / (double) idle, "bytes");
        ImapLoad.metric("idle.heap_max", heap.maxBytes() / 1048576.0, "MiB");
        for (ImapConnection c : open) {
            c.close();
        }
    }
}
