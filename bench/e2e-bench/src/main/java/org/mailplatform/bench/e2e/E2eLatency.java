package org.mailplatform.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailplatform.bench.support.Latencies;

/**
 * End-to-end latency: the time from the SMTP client reading {@code 250} to the end of a message's
 * data to an IMAP session in IDLE on the recipient's INBOX reading the {@code * n EXISTS} for it.
 * <p>
 * {@code CONCURRENCY} senders run in parallel, each with its own recipient {@code USER_PREFIX<i>@DOMAIN}
 * and that user's IDLE session, and one message in flight at a time: so every EXISTS belongs to
 * exactly one message and no ordering assumption is needed. Each sender first sends
 * {@code WARMUP} messages that are not counted.
 * <p>
 * Prints {@code metric value unit} lines: {@code e2e.c<C>.latency_p50} etc.
 *
 * <pre>E2eLatency HOST SMTP_PORT IMAP_PORT USER_PREFIX DOMAIN PASSWORD MESSAGES CONCURRENCY SIZE WARMUP</pre>
 * MESSAGES is the total measured over all senders.
 */
public final class E2eLatency {

    private static final long TIMEOUT_SECONDS = 30;

    private E2eLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: E2eLatency HOST SMTP_PORT IMAP_PORT USER_PREFIX DOMAIN PASSWORD MESSAGES CONCURRENCY SIZE WARMUP");
            System.exit(2);
        }
        String host = args[0];
        int smtpPort = Integer.parseInt(args[1]);
        int imapPort = Integer.parseInt(args[2]);
        String prefix = args[3];
        String domain = args[4];
        String password = args[5];
        int messages = Integer.parseInt(args[6]);
        int concurrency = Integer.parseInt(args[7]);
        int size = Integer.parseInt(args[8]);
        int warmup = Integer.parseInt(args[9]);

        Latencies latencies = new Latencies(messages);
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Submitter submitter = new Submitter(host, smtpPort, "sender@e2e-client.test", size);
        List<IdleWatcher> watchers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            watchers.add(new IdleWatcher(host, imapPort, prefix + i + "@" + domain, password));
        }
        long[] measuredStart = new long[concurrency];
        long[] measuredEnd = new long[concurrency];
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int sender = i;
            int share = messages / concurrency + (sender < messages % concurrency ? 1 : 0);
            String to = prefix + sender + "@" + domain;
            IdleWatcher watcher = watchers.get(sender);
            senders.add(Thread.ofPlatform().name("sender-" + sender).start(() -> {
                for (int k = 0; k < warmup + share; k++) {
                    if (k == warmup) {
                        measuredStart[sender] = System.nanoTime();
                    }
                    try {
                        long accepted = submitter.send(to, "e2e " + sender + "/" + k);
                        long arrived = watcher.nextArrival(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        if (arrived < 0) {
                            timeouts.incrementAndGet();
                            watcher.forgetPending();
                        } else if (k >= warmup) {
                            latencies.add(arrived - accepted);
                        }
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 5) {
                            System.err.println("# sender " + sender + " message " + k + ": " + e);
                        }
                    }
                }
                measuredEnd[sender] = System.nanoTime();
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        for (IdleWatcher w : watchers) {
            w.close();
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int i = 0; i < concurrency; i++) {
            start = Math.min(start, measuredStart[i]);
            end = Math.max(end, measuredEnd[i]);
        }
        String m = "e2e.c" + concurrency + ".";
        System.out.printf(Locale.ROOT, "%smessages %d count%n", m, latencies.count());
        System.out.printf(Locale.ROOT, "%slatency_min %.1f ms%n", m, latencies.percentileMillis(0));
        System.out.printf(Locale.ROOT, "%slatency_p50 %.1f ms%n", m, latencies.percentileMillis(50));
        System.out.printf(Locale.ROOT, "%slatency_p90 %.1f ms%n", m, latencies.percentileMillis(90));
        System.out.printf(Locale.ROOT, "%slatency_p99 %.1f ms%n", m, latencies.percentileMillis(99));
        System.out.printf(Locale.ROOT, "%slatency_max %.1f ms%n", m, latencies.percentileMillis(100));
        System.out.printf(Locale.ROOT, "%srate %.1f msg/s%n", m, latencies.count() / ((end - start) / 1e9));
        System.out.printf(Locale.ROOT, "%stimeouts %d count%n", m, timeouts.get());
        System.out.printf(Locale.ROOT, "%serrors %d count%n", m, failures.get());
    }
}
