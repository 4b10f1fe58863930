package org.mailplatform.systemtests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service of the platform as its own JVM process, started from its executable jar with the
 * same {@code java} as this test JVM. Its settings go in as command-line arguments, so they win
 * over the service's own configuration file exactly as an operator's would; its output goes to
 * {@code <logs>/<name>.log} (appended across restarts).
 */
public final class ServiceProcess {

    /** Small and quick to start, so that nine JVMs fit on two cores: C1 only, serial GC, small stacks. */
    static final List<String> JVM_FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xms32m", "-Xmx256m",
            "-XX:ReservedCodeCacheSize=64m", "-Xshare:auto", "-Dspring.jmx.enabled=false");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, Object> properties;
    private final int httpPort;
    private final Path log;
    private volatile Process process;

    /**
     * @param name       instance name, also the log file's name (e.g. {@code delivery-service-b})
     * @param jar        the service's executable jar
     * @param properties its settings ({@code server.port} among them)
     * @param logs       directory of the log files
     */
    ServiceProcess(String name, Path jar, Map<String, Object> properties, Path logs) {
        this.name = name;
        this.jar = jar;
        this.properties = Map.copyOf(properties);
        this.httpPort = Integer.parseInt(String.valueOf(properties.get("server.port")));
        this.log = logs.resolve(name + ".log");
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    /** Starts the JVM and returns at once; {@link #awaitHealthy} waits for it. */
    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running");
        }
        List<String> command = new ArrayList<>();
        command.add(ServiceJars.java());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /actuator/health} answers UP; fails at once if the process died. */
    public ServiceProcess awaitHealthy(Duration timeout) {
        await(name + " healthy (log: " + log + ")").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(this::healthy);
        return this;
    }

    /** {@code /actuator/health} answers 200 with status UP. */
    public boolean healthy() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(name + " is not running (exit " + (p == null ? "-" : p.exitValue())
                    + "), see " + log);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** CPU time the process has used so far. */
    public Duration cpu() {
        Process p = process;
        return p == null ? Duration.ZERO : p.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no drain, as a crashed node or an OOM-killed pod. */
    public void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
        }
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, as a hung node or a network partition. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        CommandLine.Result result = CommandLine.run(List.of("kill", "-" + name, String.valueOf(pid())));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kill -" + name + " " + this.name + ": " + result.output());
        }
    }

    /** SIGTERM without waiting. */
    public void terminate() {
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }

    /** SIGTERM and a graceful shutdown, then kill -9 if it takes longer than {@code grace}. */
    public void stop(Duration grace) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!waitFor(p, grace)) {
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return name + "(:" + httpPort + (alive() ? ", pid " + process.pid() : ", stopped") + ")";
    }
}
