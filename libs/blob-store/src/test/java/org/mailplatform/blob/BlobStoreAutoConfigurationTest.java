package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.StackProperties;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@WithTestStack
class BlobStoreAutoConfigurationTest {

    @Test
    void configuredEndpointGivesAStoreWithItsBucketAHealthIndicatorAndBreakerMetrics(BackendEndpoints stack) {
        String bucket = "auto-" + UUID.randomUUID().toString().substring(0, 8);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BlobStoreAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(StackProperties.of(stack).entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
                .withPropertyValues("mail.s3.bucket=" + bucket)
                .run(context -> {
                    assertThat(context).hasSingleBean(BlobStore.class);
                    assertThat(context.getBean(S3BlobStore.class).bucketReachable()).isTrue();
                    assertThat(context.getBean("s3HealthIndicator", HealthIndicator.class).health().getStatus())
                            .isEqualTo(Status.UP);
                    assertThat(context.getBean(MeterRegistry.class).find("resilience4j.circuitbreaker.state").meters())
                            .isNotEmpty();
                });
    }

    @Test
    void withoutAnEndpointThereIsNoStore() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BlobStoreAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(BlobStore.class));
    }
}
