package org.mailplatform.observability.tracing;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The one switch for tracing: unless {@value #ENABLED} is {@code true}, the OpenTelemetry SDK and
 * tracing auto-configurations are left out, so no SDK, span processor thread or exporter exists
 * and Spring Boot falls back to its no-op tracer. Boot itself only offers to turn the export off,
 * which still builds the SDK and records (sampled) spans in every service.
 *
 * <p>An import filter rather than {@code spring.autoconfigure.exclude}: that property is a list
 * that a service or operator setting it for another reason would silently replace.
 */
public final class TracingSwitch implements AutoConfigurationImportFilter, EnvironmentAware {

    /** The property (environment variable {@code MAIL_TRACING_ENABLED}) that turns tracing on. */
    public static final String ENABLED = "mail.tracing.enabled";

    private static final String[] OPEN_TELEMETRY_PACKAGES = {
            "org.springframework.boot.micrometer.tracing.opentelemetry.",
            "org.springframework.boot.opentelemetry."};

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    static boolean enabled(Environment environment) {
        return environment != null && environment.getProperty(ENABLED, Boolean.class, false);
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean on = enabled(environment);
        boolean[] match = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            match[i] = on || candidates[i] == null || !openTelemetry(candidates[i]);
        }
        return match;
    }

    private static boolean openTelemetry(String autoConfiguration) {
        for (String prefix : OPEN_TELEMETRY_PACKAGES) {
            if (autoConfiguration.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
