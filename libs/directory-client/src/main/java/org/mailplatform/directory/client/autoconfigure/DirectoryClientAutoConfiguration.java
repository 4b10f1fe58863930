package org.mailplatform.directory.client.autoconfigure;

import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.HttpDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Makes a {@link Directory} bean ({@link HttpDirectory}, which is also the {@code DirectoryQuotas}
 * and {@code DkimKeys} bean: the bean method declares the class, so every interface is injectable)
 * when {@code mail.directory.base-url} is set, with its metrics in the application's {@link
 * MeterRegistry}. {@code
 * mail.directory.enabled=false} turns it off where the base URL is set for every service at once
 * (standalone) but one of them, auth-service itself, needs no client.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "mail.directory", name = "base-url")
@EnableConfigurationProperties(DirectoryClientProperties.class)
public class DirectoryClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Directory.class)
    @ConditionalOnProperty(prefix = "mail.directory", name = "enabled", havingValue = "true", matchIfMissing = true)
    HttpDirectory directory(DirectoryClientProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new HttpDirectory(properties.toSettings(), meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
