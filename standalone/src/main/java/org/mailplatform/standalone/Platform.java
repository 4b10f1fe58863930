package org.mailplatform.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

            ServiceCatalog catalog = new ServiceCatalog(config, endpoints, tls, admin);
            startInParallel(catalog.all(), started);
            return new Platform(data, backends, started, admin, Duration.ofNanos(System.nanoTime() - t0));
        } catch (RuntimeException e) {
            stopAll(started, backends, data);
            throw e;
        }
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
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting services", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a service failed to start: " + e.getCause().getMessage(), e.getCause());
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
        if (backends != null) {
            backends.close();
        }
        data.close();
    }
}
