package org.mailplatform.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), running inside
 * this JVM from the Kafka jars. The log directory is formatted on first use and reused afterwards,
 * so a restart on the same directory keeps every record.
 */
public final class EmbeddedKafka implements AutoCloseable, RestartableBackend {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    /** Fresh ports to try when the picked ones were taken before Kafka bound them. */
    static final int START_ATTEMPTS = 5;
    /** How long a restart on the same ports waits for another socket to let go of them. */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(30);
    /** Kafka's halt procedure is global: one start-up at a time replaces it. */
    private static final Object STARTUP = new Object();

    /** Broker and controller ports, log directories and cluster id: a restart reuses all of them. */
    private final KafkaConfig config;
    private final String bootstrapServers;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(KafkaConfig config, KafkaRaftServer server, String bootstrapServers, int controllerPort) {
        this.config = config;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker whose data lives in {@code logDir}.
     *
     * @param logDir directory for the metadata and partition logs; created and formatted if new
     * @param port   client port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedKafka start(Path logDir, int port) {
        return start(logDir, port, FreePorts::pick);
    }

    /**
     * Kafka must know its ports before it binds them (it advertises the client port and names the
     * controller's in the quorum), so they are picked first, and another socket can take one before
     * the bind. The broker then starts again on fresh ports, or, for a {@code port} the caller
     * asked for, on that port again once it is free.
     *
     * @param freePort where the picked ports come from
     */
    static EmbeddedKafka start(Path logDir, int port, IntSupplier freePort) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
        long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
        for (int attempt = 1; ; attempt++) {
            int brokerPort = port > 0 ? port : freePort.getAsInt();
            int controllerPort = freePort.getAsInt();
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties(logDir, brokerPort, controllerPort), false);
            formatIfNew(config, logDir);
            try {
                KafkaRaftServer server = startServer(config, brokerPort, controllerPort);
                String bootstrap = "127.0.0.1:" + brokerPort;
                awaitReady(bootstrap);
                return new EmbeddedKafka(config, server, bootstrap, controllerPort);
            } catch (Exception e) { // Scala code may throw a checked exception unwrapped
                boolean again = FreePorts.isBindFailure(e)
                        && (port > 0 ? System.nanoTime() - deadline < 0 : attempt < START_ATTEMPTS);
                if (!again) {
                    throw e;
                }
                log.info("Kafka could not bind port {} or {} ({}); starting it again", brokerPort, controllerPort,
                        e.toString());
                if (port > 0) {
                    FreePorts.pauseBeforeRebind(); // the caller's port: until whoever holds it lets go
                }
            }
        }
    }

    /**
     * A broker that started, or none left behind (its threads stopped, the log directory unlocked).
     * Kafka halts the JVM when its controller cannot start, a port taken by another socket
     * included; a JVM that runs Kafka beside other things (standalone, a test) must not die of
     * that. While this thread starts the broker, such a halt throws instead, and a failure with one
     * of the ports in use is reported as a bind failure.
     */
    private static KafkaRaftServer startServer(KafkaConfig config, int brokerPort, int controllerPort) {
        synchronized (STARTUP) {
            Thread starter = Thread.currentThread();
            Exit.setHaltProcedure((status, message) -> {
                if (Thread.currentThread() == starter) {
                    throw new IllegalStateException("Kafka halted during its start-up (status " + status + ")");
                }
                Runtime.getRuntime().halt(status); // Kafka's own procedure
            });
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
                return server;
            } catch (Exception e) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                for (int port : List.of(brokerPort, controllerPort)) {
                    if (!FreePorts.isBindFailure(e) && FreePorts.inUse(port)) {
                        // the halt above says no more than that: the port in use says why
                        IllegalStateException inUse = new IllegalStateException("Kafka could not start: 127.0.0.1:"
                                + port + " is in use", new BindException("Address already in use"));
                        inUse.addSuppressed(e);
                        throw inUse;
                    }
                }
                throw e;
            } finally {
                Exit.resetHaltProcedure();
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Shuts the broker down (clients see connection refused); the log directory and its records stay. */
    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** A new broker on the same config: same listener and controller ports, same log directory and cluster id. */
    @Override
    public synchronized void restart() {
        if (server == null) {
            int brokerPort = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
            server = FreePorts.bindAgain("Kafka restart on " + bootstrapServers, REBIND_TIMEOUT,
                    () -> startServer(config, brokerPort, controllerPort));
            awaitReady(bootstrapServers);
        }
    }

    @Override
    public synchronized boolean running() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    private static Properties brokerProperties(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // one node: every internal topic has a single replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return p;
    }

    private static void formatIfNew(KafkaConfig config, Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
    }

    /** The broker answers metadata requests only once it has registered with its controller. */
    private static void awaitReady(String bootstrap) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka broker at " + bootstrap + " did not become ready", e);
                    }
                    log.debug("Kafka not ready yet: {}", e.toString());
                }
            }
        }
    }
}
