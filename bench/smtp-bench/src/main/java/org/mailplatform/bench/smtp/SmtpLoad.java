package org.mailplatform.bench.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.mailplatform.bench.support.Latencies;
import org.mailplatform.bench.support.HeapProbe;

/**
 * Load generator of the SMTP benchmark. Works against any SMTP server, so the same client measures
 * smtp-ingress and Postfix.
 *
 * <pre>
 * SmtpLoad run  HOST PORT FROM TO SIZE CONCURRENCY MESSAGES
 *     MESSAGES messages of SIZE bytes over CONCURRENCY parallel sessions, one message per
 *     connection (as smtp-source sends by default). Prints one line: accepted messages/s and
 *     p50/p99 of the time from the end-of-data dot to the 250 reply.
 * SmtpLoad heap HOST PORT FROM TO SIZE CONNECTIONS PID
 *     Live heap of the server JVM PID (jcmd, after full GCs) with no session, with CONNECTIONS
 *     sessions inside DATA with half of a SIZE-byte body sent, and after they finished.
 * </pre>
 */
public final class SmtpLoad {

    private SmtpLoad() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String from = args[3];
        String to = args[4];
        int size = Integer.parseInt(args[5]);
        int concurrency = Integer.parseInt(args[6]);
        byte[] message = TestMessage.of(size, from, to);
        switch (args[0]) {
            case "run" -> run(host, port, from, to, message, concurrency, Integer.parseInt(args[7]));
            case "heap" -> heap(host, port, from, to, message, concurrency, Long.parseLong(args[7]));
            default -> throw new IllegalArgumentException("mode is run or heap: " + args[0]);
        }
    }

    private static void run(String host, int port, String from, String to, byte[] message, int concurrency,
                            int messages) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Latencies latencies = new Latencies(messages);
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            workers.add(Thread.ofPlatform().name("load-", i).start(() -> {
                while (next.getAndIncrement() < messages) {
                    try (RawSmtpSession s = new RawSmtpSession(host, port)) {
                        s.openTransaction(from, to);
                        s.sendBody(message, 0, message.length);
                        latencies.add(s.endData());
                        s.quit();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.getMessage());
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int accepted = latencies.count();
        System.out.printf(Locale.ROOT,
                "size=%d concurrency=%d messages=%d accepted=%d failed=%d seconds=%.2f msg_per_s=%.1f p50_ms=%.2f p99_ms=%.2f%s%n",
                message.length, concurrency, messages, accepted, failed.get(), seconds, accepted / seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99),
                firstFailure.get() == null ? "" : " first_failure=\"" + firstFailure.get() + "\"");
    }

    private static void heap(String host, int port, String from, String to, byte[] message, int connections,
                             long pid) throws Exception {
        HeapProbe probe = new HeapProbe(pid);
        long before = probe.liveBytes();
        List<RawSmtpSession> sessions = new ArrayList<>();
        int half = message.length / 2;
        try {
            for (int i = 0; i < connections; i++) {
                RawSmtpSession s = new RawSmtpSession(host, port);
                sessions.add(s);
                s.openTransaction(from, to);
                s.sendBody(message, 0, half);
            }
            long during = probe.liveBytes();
            for (RawSmtpSession s : sessions) {
                s.sendBody(message, half, message.length - half);
                s.endData();
                s.quit();
            }
            long after = probe.liveBytes();
            System.out.printf(Locale.ROOT,
                    "size=%d connections=%d live_heap_before_kib=%d in_data_kib=%d after_kib=%d per_connection_kib=%.1f%n",
                    message.length, connections, before / 1024, during / 1024, after / 1024,
                    (during - before) / 1024.0 / connections);
        } finally {
            for (RawSmtpSession s : sessions) {
                s.close();
            }
        }
    }
}
