package org.mailplatform.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Topics;
import org.mailplatform.teststack.TestStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole platform as separate JVM processes, started once per test JVM (like the test stack it
 * runs on) and killed when the JVM exits: auth-service, mailbox-service, smtp-ingress, two
 * delivery-service instances, two imap-service instances, pop3-service and the gateway. The
 * services get the keys an operator would set; no TLS material, so clients use loopback plaintext.
 *
 * <p>{@code remote.test} resolves (through {@link DnsStub}) to this platform's own MX listener: the
 * platform plays the remote domain, which it does not host, so its MX answers {@code 550 5.7.1}.
 */
public final class PlatformProcesses {

    private static final Logger log = LoggerFactory.getLogger(PlatformProcesses.class);

    public static final String AUTH = "auth-service";
    public static final String MAILBOX = "mailbox-service";
    public static final String SMTP = "smtp-ingress";
    public static final String DELIVERY_A = "delivery-service-a";
    public static final String DELIVERY_B = "delivery-service-b";
    public static final String IMAP_A = "imap-service-a";
    public static final String IMAP_B = "imap-service-b";
    public static final String POP3 = "pop3-service";
    public static final String GATEWAY = "gateway";
    public static final String REMOTE_DOMAIN = "remote.test";
    static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final int TOPIC_PARTITIONS = 4;

    private final BackendEndpoints backends;
    private final ServiceJars jars = new ServiceJars(Path.of(System.getProperty("system-tests.jars", "target/service-jars")));
    private final Path logs = Path.of(System.getProperty("system-tests.logs", "target/system-tests"));
    private final DnsStub dns = new DnsStub().mxOnLoopback(REMOTE_DOMAIN);
    private final String serviceToken = randomToken();
    private final String adminPassword = randomToken();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final int smtpPort = freePort();
    private final int submissionPort = freePort();
    private final int imapPortA = freePort();
    private final int imapPortB = freePort();
    // each IMAP process also runs ManageSieve; its default port, 4190, would be the same for both
    private final int manageSievePortA = freePort();
    private final int manageSievePortB = freePort();
    private final int pop3Port = freePort();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private Duration startup;
    private Map<String, Path> launchers;

    private PlatformProcesses(BackendEndpoints backends) {
        this.backends = backends;
        for (String name : List.of(AUTH, MAILBOX, SMTP, DELIVERY_A, DELIVERY_B, IMAP_A, IMAP_B, POP3, GATEWAY)) {
            httpPorts.put(name, freePort());
        }
    }

    /** The platform of this test JVM, started on first use. */
    public static PlatformProcesses shared() {
        return Holder.PLATFORM;
    }

    private static final class Holder {
        private static final PlatformProcesses PLATFORM = start();
    }

    private static PlatformProcesses start() {
        PlatformProcesses platform = new PlatformProcesses(TestStack.endpoints());
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stopAll, "platform-processes-shutdown"));
        platform.startAll();
        return platform;
    }

    private void startAll() {
        long t0 = System.nanoTime();
        List<String> artifacts = List.of("auth-service", "mailbox-service", "smtp-ingress", "delivery-service",
                "imap-service", "pop3-service", "gateway");
        Map<String, Path> launchers = new java.util.concurrent.ConcurrentHashMap<>();
        artifacts.parallelStream().forEach(a -> launchers.put(a, jars.extracted(a)));
        provisionTopics();
        this.launchers = launchers;
        define(AUTH, "auth-service", Map.of(
                "mail.auth.admin-password", adminPassword,
                "mail.auth.service-token", serviceToken));
        define(MAILBOX, "mailbox-service", Map.of(
                "mail.mailbox.jwt.jwks-uri", authUrl() + "/api/admin/jwks"));
        define(SMTP, "smtp-ingress", smtp());
        define(DELIVERY_A, "delivery-service", delivery("delivery-a"));
        define(DELIVERY_B, "delivery-service", delivery("delivery-b"));
        define(IMAP_A, "imap-service", imap(imapPortA, manageSievePortA));
        define(IMAP_B, "imap-service", imap(imapPortB, manageSievePortB));
        define(POP3, "pop3-service", Map.of(
                "mail.pop3.bind-address", "127.0.0.1",
                "mail.pop3.port", pop3Port,
                "mail.pop3.pop3s-port", -1));
        define(GATEWAY, "gateway", Map.of(
                "mail.gateway.auth-service-uri", authUrl(),
                "mail.gateway.mailbox-service-uri", "http://127.0.0.1:" + httpPorts.get(MAILBOX),
                "mail.gateway.delivery-service-uri", "http://127.0.0.1:" + httpPorts.get(DELIVERY_A)));
        services.values().forEach(ServiceProcess::start);
        List<CompletableFuture<Void>> healthy = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            healthy.add(CompletableFuture.runAsync(() -> service.awaitHealthy(START_TIMEOUT)));
        }
        try {
            CompletableFuture.allOf(healthy.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the platform", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the platform did not start: " + e.getCause().getMessage(), e.getCause());
        }
        startup = Duration.ofNanos(System.nanoTime() - t0);
        services.values().forEach(s -> report("  " + s.name() + ": " + s.cpu().toMillis() + " ms of CPU to healthy"));
        report("platform processes healthy in " + startup.toMillis() + " ms (" + services.size() + " JVMs, load average "
                + loadAverage() + ")");
    }

    private Map<String, Object> smtp() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mail.smtp.hostname", "mx.platform.test");
        p.put("mail.smtp.bind-address", "127.0.0.1");
        p.put("mail.smtp.mx-port", smtpPort);
        p.put("mail.smtp.submission-port", submissionPort);
        p.put("mail.smtp.smtps-port", -1);
        // the fault runs send at concurrency 20 from one address, plus the tests' own clients
        p.put("mail.smtp.limits.max-connections-per-address", 200);
        p.put("mail.smtp.limits.messages-per-hour", 100000);
        p.put("mail.smtp.limits.messages-per-day", 1000000);
        // SPF, DKIM and DMARC ask the test's DNS server, where MessageAuthenticationIT publishes its
        // senders' records; only 127.0.0.1 is exempt (the default is all of 127.0.0.0/8), so a client
        // on another loopback address is checked as an outside MTA is, and every other test, sending
        // from 127.0.0.1, is not checked at all, as before
        p.put("mail.smtp.client-checks.dns-servers", "127.0.0.1:" + dns.port());
        p.put("mail.smtp.client-checks.dns-timeout", "2s");
        p.put("mail.smtp.client-checks.exempt-networks", "127.0.0.1/32");
        return p;
    }

    private Map<String, Object> delivery(String instanceId) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mail.delivery.instance-id", instanceId);
        p.put("mail.delivery.hostname", instanceId + ".platform.test");
        p.put("mail.delivery.admin.jwt.jwks-uri", authUrl() + "/api/admin/jwks");
        p.put("mail.delivery.outbound.dns-servers", "127.0.0.1:" + dns.port());
        p.put("mail.delivery.outbound.port", smtpPort);
        // the default, as production runs: STARTTLS where the exchanger offers it (the second
        // platform of RemotePlatformRelayIT does, with its self-signed certificate; this
        // platform's own MX has no TLS material and does not), plaintext where it does not
        p.put("mail.delivery.outbound.tls", "opportunistic");
        p.put("mail.delivery.outbound.connect-timeout", "5s");
        p.put("mail.delivery.outbound.command-timeout", "30s");
        // after an outage the stages try again within 5 s instead of up to 60 s (the default): an
        // operator's choice between retry traffic and catch-up time; here it keeps the fault runs short
        p.put("mail.delivery.stage.backoff-max", "5s");
        return p;
    }

    private Map<String, Object> imap(int port, int manageSievePort) {
        return Map.of(
                "mail.imap.bind-address", "127.0.0.1",
                "mail.imap.port", port,
                "mail.imap.imaps-port", -1,
                "mail.imap.managesieve-port", manageSievePort);
    }

    private void define(String name, String artifact, Map<String, Object> own) {
        Map<String, Object> p = new LinkedHashMap<>(common(name));
        p.putAll(own);
        services.put(name, new ServiceProcess(name, launchers.get(artifact), p, logs));
    }

    /** Backends, directory and internal HTTP: the same for every service. */
    private Map<String, Object> common(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", "127.0.0.1");
        p.put("server.port", httpPorts.get(name));
        p.put("spring.main.banner-mode", "off");
        p.put("management.health.mongodb.enabled", false);
        p.put("spring.kafka.bootstrap-servers", backends.kafkaBootstrapServers());
        p.put("spring.mongodb.uri", backends.mongoUri());
        p.put("mail.s3.endpoint", backends.s3().url());
        p.put("mail.s3.access-key", backends.s3().accessKey());
        p.put("mail.s3.secret-key", backends.s3().secretKey());
        p.put("mail.s3.region", backends.s3().region());
        p.put("mail.directory.base-url", authUrl());
        p.put("mail.directory.service-token", serviceToken);
        return p;
    }

    private void provisionTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.ALL.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, TOPIC_PARTITIONS, (short) 1)).toList();
            admin.createTopics(missing).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the platform's topics", e.getCause());
        }
    }

    /** SIGTERM to all at once (a drain of up to 30 s each, one after the other, would cost minutes), then kill -9. */
    private void stopAll() {
        services.values().forEach(ServiceProcess::terminate);
        services.values().forEach(s -> s.stop(Duration.ofSeconds(5)));
        dns.close();
    }

    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("no service " + name + " in " + services.keySet());
        }
        return service;
    }

    /**
     * The DNS server the delivery processes ask for MX records and smtp-ingress for SPF, DKIM and
     * DMARC records; tests add the domains they play.
     */
    DnsStub dns() {
        return dns;
    }

    public BackendEndpoints backends() {
        return backends;
    }

    public String authUrl() {
        return "http://127.0.0.1:" + httpPorts.get(AUTH);
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + httpPorts.get(GATEWAY);
    }

    public String adminPassword() {
        return adminPassword;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int submissionPort() {
        return submissionPort;
    }

    public int imapPortA() {
        return imapPortA;
    }

    public int imapPortB() {
        return imapPortB;
    }

    /** ManageSieve (RFC 5804) of imap-service A: plaintext, PLAIN allowed from loopback clients. */
    public int manageSievePortA() {
        return manageSievePortA;
    }

    public int manageSievePortB() {
        return manageSievePortB;
    }

    public int pop3Port() {
        return pop3Port;
    }

    public Duration startup() {
        return startup;
    }

    public Path logs() {
        return logs;
    }

    /** Writes a line to this run's report file and the test log. */
    public void report(String line) {
        log.info(line);
        try {
            Files.createDirectories(logs);
            Files.writeString(logs.resolve("report.txt"), line + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 and up on Linux), so that no
     * client socket or port-0 listener of another process takes it between this check and the
     * service's bind.
     */
    static int freePort() {
        java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + random.nextInt(12000);
            if (USED_PORTS.add(port)) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return socket.getLocalPort();
                } catch (IOException busy) {
                    // taken: try another
                }
            }
        }
        throw new IllegalStateException("no free loopback port in 20000-31999");
    }

    private static final Set<Integer> USED_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();
}
