package org.mailplatform.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.mailplatform.embedded.RestartableBackend;
import org.mailplatform.teststack.TestStack;

/**
 * One fault-injection run: {@code messages} messages sent to the MX listener by {@code concurrency}
 * SMTP sessions (Angus Mail, one connection per session, reconnecting after an error), to a set of
 * fresh users; when 30 % are through, {@code fault} runs (e.g. kill -9 a process and restart it).
 * The last 10 % are held back until the fault is over, so the run shows the platform taking mail
 * again without a restart. Then every message that got a 250 must be in its mailbox exactly once,
 * by Message-ID, and the clients must have seen no permanent (5xx) refusal.
 */
final class FaultRun {

    /** The counts of a run. */
    record Counts(int attempts, int accepted, int acceptedAfterFault, int temporaryFailures, int permanentFailures,
                  int deliveredUnique, int missing, int duplicates, int deliveredWithout250, long sendMillis,
                  long settleMillis) {

        String line(String name) {
            return String.format("%s: %d sent, %d got 250 (%d of them after the fault), %d temporary errors, "
                            + "%d permanent errors; %d delivered (%d of them without a 250 to the client), %d missing, "
                            + "%d duplicates; sending %d s, all delivered %d s later", name, attempts, accepted,
                    acceptedAfterFault, temporaryFailures, permanentFailures, deliveredUnique, deliveredWithout250,
                    missing, duplicates, sendMillis / 1000, settleMillis / 1000);
        }
    }

    static final int USERS = 10;

    private final PlatformProcesses platform;
    private final int messages = Integer.getInteger("faults.messages", 5000);
    private final int concurrency = Integer.getInteger("faults.concurrency", 20);
    private final Map<String, String> recipientOf = new ConcurrentHashMap<>();
    private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger temporary = new AtomicInteger();
    private final AtomicInteger permanent = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger acceptedAfterFault = new AtomicInteger();
    private final java.util.concurrent.CompletableFuture<Void> faultOver = new java.util.concurrent.CompletableFuture<>();
    /** What the clients saw instead of a 250, by reply or exception (first line), with counts. */
    private final Map<String, Integer> errors = new ConcurrentHashMap<>();

    FaultRun(PlatformProcesses platform) {
        this.platform = platform;
    }

    Counts run(String name, Consumer<PlatformProcesses> fault) throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        String tenant = Tenants.tenantWithDomain(admin, "fault");
        List<Tenants.Account> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(Tenants.user(admin, tenant, "user" + i));
        }
        platform.report(name + ": " + messages + " messages at concurrency " + concurrency + " to " + USERS
                + " users, load average " + PlatformProcesses.loadAverage());

        long t0 = System.nanoTime();
        Future<?> faultDone;
        try (ExecutorService senders = Executors.newFixedThreadPool(concurrency);
             ExecutorService faults = Executors.newSingleThreadExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(senders.submit(() -> send(users)));
            }
            await("30 % sent").atMost(patience()).pollInterval(Duration.ofMillis(50))
                    .until(() -> done.get() >= messages * 3 / 10);
            platform.report(name + ": fault at message " + done.get() + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            faultDone = faults.submit(() -> {
                try {
                    fault.accept(platform);
                } finally {
                    faultOver.complete(null);
                }
            });
            for (Future<?> worker : workers) {
                worker.get();
            }
            faultDone.get();
        }
        long sent = System.nanoTime();

        Map<String, Integer> delivered = new HashMap<>();
        await("every accepted message delivered").atMost(patience()).pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    delivered.clear();
                    delivered.putAll(deliveredIds(users));
                    return delivered.keySet().containsAll(acceptedIds);
                });
        long settled = System.nanoTime();
        // a duplicate would come from a batch redelivered after the crash: look again once the
        // delivery queues are empty (the queue API counts what the stages have not committed)
        await("delivery queues drained").atMost(patience()).pollInterval(Duration.ofSeconds(2))
                .until(() -> pending(admin) == 0);
        delivered.clear();
        delivered.putAll(deliveredIds(users));

        int missing = (int) acceptedIds.stream().filter(id -> !delivered.containsKey(id)).count();
        int duplicates = delivered.values().stream().mapToInt(n -> n - 1).sum();
        int withoutAck = (int) delivered.keySet().stream().filter(id -> !acceptedIds.contains(id)).count();
        Counts counts = new Counts(done.get(), acceptedIds.size(), acceptedAfterFault.get(), temporary.get(),
                permanent.get(), delivered.size(), missing, duplicates, withoutAck, (sent - t0) / 1_000_000,
                (settled - sent) / 1_000_000);
        platform.report(counts.line(name) + ", load average " + PlatformProcesses.loadAverage());
        errors.forEach((error, n) -> platform.report("  " + n + " x " + error));
        return counts;
    }

    /** Records waiting in mail.inbound and mail.local, by the queue admin API (delivery-service via the gateway). */
    private static long pending(AdminApi admin) {
        AdminApi.Answer answer = admin.get("/api/admin/queue");
        if (answer.status() != 200) {
            return -1;
        }
        long pending = 0;
        for (tools.jackson.databind.JsonNode queue : answer.json().isArray() ? answer.json() : answer.json().path("queues")) {
            String name = queue.path("queue").asString();
            if (name.equals("inbound") || name.equals("local")) {
                pending += queue.path("count").asLong();
            }
        }
        return pending;
    }

    private void send(List<Tenants.Account> users) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(platform.smtpPort()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "60000");
        Session session = Session.getInstance(props);
        Transport transport = null;
        int i;
        while ((i = next.getAndIncrement()) < messages) {
            if (i >= messages * 9 / 10) {
                faultOver.join();
            }
            Tenants.Account to = users.get(i % users.size());
            String messageId = MailClients.newMessageId();
            recipientOf.put(messageId, to.address());
            try {
                if (transport == null || !transport.isConnected()) {
                    transport = session.getTransport("smtp");
                    transport.connect();
                }
                MimeMessage message = new MimeMessage(session) {
                    @Override
                    protected void updateMessageID() throws MessagingException {
                        setHeader("Message-ID", "<" + messageId + ">");
                    }
                };
                message.setFrom(new InternetAddress("load@remote.test"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.address()));
                message.setSubject("fault run " + i);
                message.setText("message " + i + " " + messageId + "\n" + "x".repeat(1024) + "\n");
                transport.sendMessage(message, message.getAllRecipients());
                acceptedIds.add("<" + messageId + ">");
                if (faultOver.isDone()) {
                    acceptedAfterFault.incrementAndGet();
                }
            } catch (SMTPSendFailedException e) {
                (e.getReturnCode() >= 500 ? permanent : temporary).incrementAndGet();
                errors.merge(firstLine(e), 1, Integer::sum);
                transport = closeQuietly(transport);
            } catch (MessagingException e) {
                temporary.incrementAndGet();
                errors.merge(firstLine(e), 1, Integer::sum);
                transport = closeQuietly(transport);
                // like an MTA's queue: wait for the listener to take connections again
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(this::smtpListens);
            } finally {
                done.incrementAndGet();
            }
        }
        closeQuietly(transport);
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null && !(e instanceof SMTPSendFailedException) ? e.getCause() : e;
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // queue ids and the like differ per message: keep the reply's code and words
        return text.lines().findFirst().orElse(text).replaceAll("[0-9A-F]{12,}", "<id>");
    }

    private boolean smtpListens() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", platform.smtpPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Transport closeQuietly(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // already broken
            }
        }
        return null;
    }

    /** Message-IDs in the users' INBOXes (read over IMAP) with how often each occurs. */
    /**
     * How long a step may take: 3 minutes plus 100 ms a message (3.5 minutes for the 300 messages of
     * {@code ./mvnw verify}, 11 for the 5,000 of {@code faults.sh}); these steps take seconds when
     * all is well, so a run that loses a message fails within minutes instead of holding CI for half
     * an hour.
     */
    private Duration patience() {
        return Duration.ofMinutes(3).plusMillis(100L * messages);
    }

    private Map<String, Integer> deliveredIds(List<Tenants.Account> users) throws MessagingException {
        Map<String, Integer> ids = new HashMap<>();
        for (Tenants.Account user : users) {
            Store store = MailClients.store("imap", platform.imapPortA(), user.address(), user.password());
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                Message[] all = inbox.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add("Message-ID");
                inbox.fetch(all, profile);
                for (Message message : all) {
                    String[] header = message.getHeader("Message-ID");
                    if (header != null) {
                        ids.merge(header[0], 1, Integer::sum);
                    }
                }
                inbox.close(false);
            } finally {
                store.close();
            }
        }
        return ids;
    }

    /**
     * A backend of the test stack (embedded in this JVM) stopped for {@code outage}, then restarted
     * in place: same port, same data. The services are not told; they must ride it out.
     */
    static Consumer<PlatformProcesses> backendDownFor(TestStack.Backend backend, Duration outage) {
        return platform -> {
            RestartableBackend server = TestStack.embedded(backend).orElseThrow();
            long t0 = System.nanoTime();
            server.stop();
            platform.report("  " + backend + " stopped (" + (System.nanoTime() - t0) / 1_000_000 + " ms to stop), down for "
                    + outage.toSeconds() + " s");
            try {
                holdFor(outage);
            } finally {
                long t1 = System.nanoTime();
                server.restart();
                platform.report("  " + backend + " restarted in place in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
            }
        };
    }

    /** Waits out an outage (the run's clock, not a test's sleep: the senders keep going meanwhile). */
    private static void holdFor(Duration outage) {
        await().pollDelay(outage).atMost(outage.plusSeconds(5)).until(() -> true);
    }

    /** Unavailable for {@code outage}: SIGSTOP, then SIGCONT when the outage is over. */
    static Consumer<PlatformProcesses> freezeFor(String service, Duration outage) {
        return platform -> {
            ServiceProcess process = platform.service(service);
            process.freeze();
            platform.report("  kill -STOP " + service + " for " + outage.toSeconds() + " s");
            try {
                holdFor(outage);
            } finally {
                process.thaw();
            }
            platform.report("  kill -CONT " + service);
            process.awaitHealthy(PlatformProcesses.START_TIMEOUT);
        };
    }

    /** The fault of the delivery and smtp-ingress runs: kill -9, then start again and wait for health. */
    static Consumer<PlatformProcesses> killAndRestart(String service) {
        return platform -> {
            ServiceProcess process = platform.service(service);
            long pid = process.pid();
            process.kill();
            platform.report("  kill -9 " + service + " (pid " + pid + ")");
            long t0 = System.nanoTime();
            process.start().awaitHealthy(PlatformProcesses.START_TIMEOUT);
            platform.report("  " + service + " restarted, healthy after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        };
    }
}
