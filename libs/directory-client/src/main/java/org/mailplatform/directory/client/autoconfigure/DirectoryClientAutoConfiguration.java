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
 * Makes a {@link Directory} bean ({@link HttpDirectory}) when {@code mail.directory.base-url} is
 * set, with its metrics in the application's {@link MeterRegistry}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "mail.directory", name = "base-url")
@EnableConfigurationProperties(DirectoryClientProperties.class)
public class DirectoryClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Directory.class)
    HttpDirectory directory(DirectoryClientProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new HttpDirectory(properties.toSettings(), meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
