package org.mailplatform.bench.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.mailplatform.bench.support.Latencies;

/**
 * The IMAP client load of the throughput benchmark, the same against both servers: {@code sessions}
 * connections log in as one user, then each repeats a cycle of {@code SELECT INBOX},
 * {@code FETCH 1:* (FLAGS ENVELOPE)} and {@code bodies} fetches of {@code BODY[]} (or
 * {@code BODY.PEEK[]}) of random messages, one command at a time, for {@code warmup} seconds
 * (not counted) and then {@code seconds} seconds. Every command is one operation; commands that end
 * inside the measured window count.
 *
 * <p>{@code ImapLoad host port user password sessions warmup seconds bodies peek label} prints
 * {@code metric value unit} lines prefixed by {@code label}.
 */
public final class ImapLoad {

    private enum Op { SELECT, FETCH_ENVELOPE, BODY }

    private ImapLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = args[3];
        int sessions = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int bodies = Integer.parseInt(args[7]);
        String body = Boolean.parseBoolean(args[8]) ? "BODY.PEEK[]" : "BODY[]";
        String label = args[9];

        List<ImapConnection> connections = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ImapConnection c = new ImapConnection(host, port, 64 * 1024);
            c.login(user, password);
            connections.add(c);
        }
        long start = System.nanoTime() + warmup * 1_000_000_000L;
        long end = start + seconds * 1_000_000_000L;
        Latencies[] latencies = {new Latencies(), new Latencies(), new Latencies()};
        Latencies all = new Latencies();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        CountDownLatch done = new CountDownLatch(sessions);
        for (ImapConnection c : connections) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (System.nanoTime() < end) {
                        timed(c, "SELECT INBOX", Op.SELECT, start, end, latencies, all, refused);
                        timed(c, "FETCH 1:* (FLAGS ENVELOPE)", Op.FETCH_ENVELOPE, start, end, latencies, all, refused);
                        for (int k = 0; k < bodies && System.nanoTime() < end; k++) {
                            int seq = 1 + ThreadLocalRandom.current().nextInt(Math.max(1, c.exists()));
                            timed(c, "FETCH " + seq + " " + body, Op.BODY, start, end, latencies, all, refused);
                        }
                    }
                    bytes.addAndGet(c.literalBytes());
                } catch (Exception e) {
                    failures.incrementAndGet();
                    System.err.println(label + ": session failed: " + e);
                } finally {
                    c.logout();
                    done.countDown();
                }
            });
        }
        done.await();
        metric(label + ".sessions", sessions, "sessions");
        metric(label + ".ops", all.count() / (double) seconds, "ops/s");
        metric(label + ".p50", all.percentileMillis(50), "ms");
        metric(label + ".p99", all.percentileMillis(99), "ms");
        for (Op op : Op.values()) {
            String name = label + "." + op.name().toLowerCase(Locale.ROOT);
            metric(name + ".ops", latencies[op.ordinal()].count() / (double) seconds, "ops/s");
            metric(name + ".p50", latencies[op.ordinal()].percentileMillis(50), "ms");
            metric(name + ".p99", latencies[op.ordinal()].percentileMillis(99), "ms");
        }
        metric(label + ".failed_sessions", failures.get(), "sessions");
        metric(label + ".refused", refused.get() / (double) seconds, "NO/s");
        REFUSALS.forEach((reply, count) -> System.out.printf(Locale.ROOT, "# %s refused %d x: %s%n", label, count, reply));
        REFUSALS.clear();
    }

    /** The distinct NO replies in the window, by command kind, for the report. */
    private static final java.util.Map<String, Long> REFUSALS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One command, timed if it runs inside the window; a {@code NO} (the server refusing for now,
     * e.g. {@code [UNAVAILABLE]}) is counted apart and the session goes on, a {@code BAD} ends it.
     */
    private static void timed(ImapConnection c, String command, Op op, long start, long end, Latencies[] latencies,
                              Latencies all, AtomicLong refused) throws java.io.IOException {
        long t0 = System.nanoTime();
        String reply = c.send(command);
        long t1 = System.nanoTime();
        if (reply.startsWith("NO")) {
            if (t0 >= start && t1 <= end) {
                refused.incrementAndGet();
                REFUSALS.merge(op + ": " + reply, 1L, Long::sum);
            }
            return;
        }
        if (!reply.startsWith("OK")) {
            throw new java.io.IOException(command + ": " + reply);
        }
        if (t0 >= start && t1 <= end) {
            latencies[op.ordinal()].add(t1 - t0);
            all.add(t1 - t0);
        }
    }

    static void metric(String name, double value, String unit) {
        System.out.printf(Locale.ROOT, "%s %.2f %s%n", name, value, unit);
    }
}
