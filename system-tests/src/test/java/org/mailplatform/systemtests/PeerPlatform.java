package org.mailplatform.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second mail platform playing a remote domain for the shared platform's outbound relay: the
 * {@code standalone} executable jar (every service plus embedded Kafka, MongoDB and S3 in one JVM,
 * so nothing of the shared platform's backends) as one more process, with a fresh data directory.
 *
 * <p>The shared platform's delivery processes connect to every exchanger on one port
 * ({@code mail.delivery.outbound.port}, the shared platform's own MX port), so the peer listens on
 * a loopback address of its own, {@value #ADDRESS}, on that same port number; {@link DnsStub}
 * answers its domain's MX with that address. Its other public ports are free ones on
 * {@value #ADDRESS}; SMTPS, IMAPS and POP3S are off.
 */
final class PeerPlatform implements AutoCloseable {

    static final String ADDRESS = "127.0.0.2";
    /** What standalone prints once every service has started. */
    private static final String READY_LINE = "mail platform is up in";
    /** Embedded backends and seven Spring contexts in one heap. */
    private static final List<String> JVM_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xms64m", "-Xmx768m",
            "-XX:ReservedCodeCacheSize=96m", "-Xshare:auto", "-Dspring.jmx.enabled=false",
            "--enable-native-access=ALL-UNNAMED");

    private final String domain;
    private final String adminPassword = randomPassword();
    private final int httpPort = PlatformProcesses.freePort();
    private final int submissionPort = PlatformProcesses.freePort();
    private final int imapPort = PlatformProcesses.freePort();
    private final int pop3Port = PlatformProcesses.freePort();
    private final int smtpPort;
    private final Path log;
    private final Path dataDir;
    private Process process;
    private Thread exitHook;

    private PeerPlatform(String domain, int smtpPort, Path logs) {
        this.domain = domain;
        this.smtpPort = smtpPort;
        this.log = logs.resolve("peer-platform.log");
        this.dataDir = logs.resolve("peer-platform-data");
    }

    /** Whether this machine routes {@value #ADDRESS} to the loopback interface (Linux does; macOS only 127.0.0.1). */
    static boolean addressAvailable() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the peer as the MX of {@code domain} for {@code platform}'s relay and waits until all
     * its services are up. {@code domain}'s MX points at it from then on.
     */
    static PeerPlatform start(PlatformProcesses platform, String domain) {
        PeerPlatform peer = new PeerPlatform(domain, platform.smtpPort(), platform.logs());
        peer.launch(new ServiceJars(Path.of(System.getProperty("system-tests.jars", "target/service-jars")))
                .extracted("standalone"));
        long t0 = System.nanoTime();
        try {
            peer.awaitReady(PlatformProcesses.START_TIMEOUT);
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        platform.report("peer platform (" + domain + ", standalone) up in " + (System.nanoTime() - t0) / 1_000_000
                + " ms, " + peer.process.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L)
                + " ms of CPU (load average " + PlatformProcesses.loadAverage() + ")");
        platform.dns().mx(domain, peer.address());
        return peer;
    }

    private void launch(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(ServiceJars.java());
        command.addAll(JVM_FLAGS);
        // not among standalone's options; a system property reaches every service it runs
        command.add("-Dmail.smtp.hostname=" + mxHostname());
        command.addAll(List.of("-jar", jar.toString(),
                "--data-dir=" + dataDir, "--bind=" + ADDRESS,
                "--http-port=" + httpPort, "--smtp-port=" + smtpPort, "--submission-port=" + submissionPort,
                "--imap-port=" + imapPort, "--pop3-port=" + pop3Port,
                "--smtps-port=-1", "--imaps-port=-1", "--pop3s-port=-1"));
        try {
            deleteRecursively(dataDir);
            Files.createDirectories(log.getParent());
            // a new log per start: the ready line of an earlier run must not count
            Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("MAIL_ADMIN_PASSWORD", adminPassword);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the peer platform", e);
        }
        exitHook = new Thread(this::stop, "peer-platform-shutdown");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    private void awaitReady(Duration timeout) {
        await("peer platform up (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the peer platform exited (" + process.exitValue() + "), see " + log);
                    }
                    return Files.readString(log, StandardCharsets.UTF_8).contains(READY_LINE);
                });
    }

    String domain() {
        return domain;
    }

    /** The name in the peer's SMTP greeting and Received headers, the same as its MX record's. */
    String mxHostname() {
        return "mx." + domain;
    }

    InetAddress address() {
        try {
            return InetAddress.getByName(ADDRESS);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    String gatewayUrl() {
        return "http://" + ADDRESS + ":" + httpPort;
    }

    String adminPassword() {
        return adminPassword;
    }

    int imapPort() {
        return imapPort;
    }

    int pop3Port() {
        return pop3Port;
    }

    /** SIGTERM (standalone stops its services, then its backends), kill -9 after 20 s. */
    private void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway and finds the process gone
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
