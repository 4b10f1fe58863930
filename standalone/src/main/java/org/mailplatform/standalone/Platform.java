package org.mailplatform.standalone;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.ConnectorStartFailedException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole platform in this JVM: embedded backends with data in the data directory, then every
 * service, then the gateway. Closing it stops them in the reverse order, so nothing is in flight
 * when the backends go away.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    private static final int TOPIC_PARTITIONS = 4;
    /** Starts of the services, each on fresh internal ports, before giving up on ports taken by other sockets. */
    static final int START_ATTEMPTS = 3;

    private final DataDirectory dataDirectory;
    private final EmbeddedBackends backends;
    private final Map<String, ConfigurableApplicationContext> services;
    private final DataDirectory.AdminPassword adminPassword;
    private final Duration startup;

    private Platform(DataDirectory dataDirectory, EmbeddedBackends backends,
                     Map<String, ConfigurableApplicationContext> services, DataDirectory.AdminPassword adminPassword,
                     Duration startup) {
        this.dataDirectory = dataDirectory;
        this.backends = backends;
        this.services = services;
        this.adminPassword = adminPassword;
        this.startup = startup;
    }

    public static Platform start(StandaloneConfig config) {
        return start(config, InternalPorts::pick);
    }

    /** @param internalPort where the services' internal HTTP ports come from */
    static Platform start(StandaloneConfig config, IntSupplier internalPort) {
        long t0 = System.nanoTime();
        DataDirectory data = DataDirectory.open(config.dataDir());
        EmbeddedBackends backends = null;
        Map<String, ConfigurableApplicationContext> started = Collections.synchronizedMap(new LinkedHashMap<>());
        try {
            DataDirectory.AdminPassword admin = data.adminPassword(System.getenv(DataDirectory.ADMIN_PASSWORD_ENV));
            StandaloneConfig.TlsFiles tls = config.tls().orElseGet(() -> SelfSignedCertificate.ensure(data.resolve("tls")));
            backends = EmbeddedBackends.startPersistent(data.root());
            BackendEndpoints endpoints = backends.endpoints();
            TopicProvisioner.ensure(endpoints.kafkaBootstrapServers(), Topics.ALL, TOPIC_PARTITIONS);
            log.info("backends ready: {}", endpoints);

            startServices(config, endpoints, tls, admin, internalPort, started);
            return new Platform(data, backends, started, admin, Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            stopAll(started, backends, data);
            throw e;
        }
    }

    /**
     * The internal ports are picked before the services bind them, so that all start at once; a
     * socket that takes one in between fails that service's start. All services then start again
     * on fresh ports (the others were told the old ones).
     */
    private static void startServices(StandaloneConfig config, BackendEndpoints endpoints, StandaloneConfig.TlsFiles tls,
                                      DataDirectory.AdminPassword admin, IntSupplier internalPort,
                                      Map<String, ConfigurableApplicationContext> started) {
        for (int attempt = 1; ; attempt++) {
            ServiceCatalog catalog = new ServiceCatalog(config, endpoints, tls, admin, internalPort);
            try {
                startInParallel(catalog.all(), started);
                return;
            } catch (IllegalStateException e) {
                OptionalInt taken = portInUse(e);
                if (attempt == START_ATTEMPTS || taken.isEmpty() || !catalog.internalPorts().contains(taken.getAsInt())) {
                    throw e;
                }
                log.warn("internal port {} was taken before its service bound it; starting the services again on fresh ports",
                        taken.getAsInt());
                stopServices(started);
            }
        }
    }

    /**
     * The port a web server could not bind, found in {@code failure}'s causes or among the failures
     * of the other services (suppressed).
     */
    static OptionalInt portInUse(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof PortInUseException inUse) {
                return OptionalInt.of(inUse.getPort());
            }
            if (t instanceof ConnectorStartFailedException tomcat) { // Tomcat's connector could not bind
                return OptionalInt.of(tomcat.getPort());
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return OptionalInt.empty();
    }

    private static void startInParallel(List<ServiceCatalog.ServiceSpec> specs,
                                        Map<String, ConfigurableApplicationContext> started) {
        // platform threads: class loading from the nested executable jar pins virtual threads'
        // carriers, and with a carrier per core the starts would deadlock
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("service-start-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (ServiceCatalog.ServiceSpec spec : specs) {
                futures.add(pool.submit(() -> started.put(spec.name(), run(spec))));
            }
            // every start's outcome: a service may fail because another did, the first in the list need not be the cause
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                IllegalStateException failure = new IllegalStateException(
                        "a service failed to start: " + failures.getFirst().getMessage(), failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting services", e);
        }
    }

    private static ConfigurableApplicationContext run(ServiceCatalog.ServiceSpec spec) {
        long t0 = System.nanoTime();
        // as command-line arguments, so they override the service's own configuration file
        String[] arguments = spec.properties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = spec.builder().get()
                .registerShutdownHook(false)
                .run(arguments);
        log.info("{} started in {} ms", spec.name(), (System.nanoTime() - t0) / 1_000_000);
        return context;
    }

    static int httpPort(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** HTTP port of a running service, e.g. {@code gateway}. */
    public int httpPort(String service) {
        return httpPort(services.get(service));
    }

    public BackendEndpoints backends() {
        return backends.endpoints();
    }

    public List<String> serviceNames() {
        return List.copyOf(services.keySet());
    }

    DataDirectory.AdminPassword adminPassword() {
        return adminPassword;
    }

    Duration startupTime() {
        return startup;
    }

    public java.nio.file.Path dataDirectory() {
        return dataDirectory.root();
    }

    @Override
    public void close() {
        stopAll(services, backends, dataDirectory);
    }

    private static void stopAll(Map<String, ConfigurableApplicationContext> services, EmbeddedBackends backends,
                                DataDirectory data) {
        stopServices(services);
        if (backends != null) {
            backends.close();
        }
        data.close();
    }

    /** In the reverse order of their start. */
    private static void stopServices(Map<String, ConfigurableApplicationContext> services) {
        List<String> names = new ArrayList<>(services.keySet());
        Collections.reverse(names);
        for (String name : names) {
            try {
                services.get(name).close();
            } catch (RuntimeException e) {
                log.warn("stopping {} failed", name, e);
            }
        }
        services.clear();
    }
}
