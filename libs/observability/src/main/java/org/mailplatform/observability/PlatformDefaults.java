package org.mailplatform.observability;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.mailplatform.observability.tracing.TracingSwitch;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform's operational defaults (actuator endpoints, health probes, metric tags,
 * virtual threads, graceful shutdown) as the lowest-priority property source of every service, so
 * all services behave alike and any of it can still be overridden by the service or the operator.
 * When tracing is switched on ({@value TracingSwitch#ENABLED}), its defaults (sample everything,
 * export to an OTLP collector on the node) come in the same way.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "mail-platform-defaults.properties";
    static final String TRACING_RESOURCE = "mail-platform-tracing.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        add(environment, RESOURCE);
        if (environment.getProperty(TracingSwitch.ENABLED, Boolean.class, false)) {
            add(environment, TRACING_RESOURCE);
        }
    }

    private static void add(ConfigurableEnvironment environment, String resource) {
        if (environment.getPropertySources().contains(resource)) {
            return;
        }
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(resource, new ClassPathResource(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + resource, e);
        }
    }
}
