package org.mailplatform.blob;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives a service a {@link BlobStore} from {@code mail.s3.*} once {@code mail.s3.endpoint} is set,
 * with circuit-breaker and retry metrics and an {@code s3} health indicator for readiness.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "mail.s3", name = "endpoint")
@EnableConfigurationProperties(S3Properties.class)
public class BlobStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    MinioClient minioClient(S3Properties properties) {
        return BlobStoreFactory.client(properties);
    }

    @Bean
    @ConditionalOnMissingBean(BlobStore.class)
    S3BlobStore blobStore(MinioClient client, S3Properties properties, ObjectProvider<MeterRegistry> meters) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(BlobStoreFactory.breakerConfig(properties));
        RetryRegistry retries = RetryRegistry.of(BlobStoreFactory.retryConfig(properties));
        CircuitBreaker breaker = breakers.circuitBreaker("s3");
        Retry retry = retries.retry("s3");
        meters.ifAvailable(registry -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        });
        S3BlobStore store = BlobStoreFactory.store(client, properties, breaker, retry);
        if (properties.createBucket()) {
            store.ensureBucket();
        }
        return store;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class S3Health {

        @Bean
        @ConditionalOnMissingBean(name = "s3HealthIndicator")
        S3HealthIndicator s3HealthIndicator(S3BlobStore store) {
            return new S3HealthIndicator(store);
        }
    }
}
