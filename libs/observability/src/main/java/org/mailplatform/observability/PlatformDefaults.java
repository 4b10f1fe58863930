package org.mailplatform.observability;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the platform's operational defaults (actuator endpoints, health probes, metric tags,
 * virtual threads, graceful shutdown) as the lowest-priority property source of every service, so
 * all services behave alike and any of it can still be overridden by the service or the operator.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "mail-platform-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(RESOURCE)) {
            return;
        }
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource(RESOURCE, new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + RESOURCE, e);
        }
    }
}
