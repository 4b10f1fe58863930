package org.mailplatform.delivery.sweep;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.config.RetryProperties;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the {@link QueueBlobSweeper} on a fixed delay. The first run waits one interval, so a
 * service (or a test context) that lives shorter than that never sweeps; tests call
 * {@link QueueBlobSweeper#run()} themselves. Settings that would delete bodies of deferred mail
 * stop the service at start.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({QueueBlobProperties.class, RetryProperties.class})
public class QueueBlobSweepConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(QueueBlobSweepConfiguration.class);

    private final QueueBlobProperties properties;
    private final QueueBlobSweeper sweeper;

    QueueBlobSweepConfiguration(QueueBlobProperties properties, RetryProperties retry, BlobStore blobs,
                                MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        properties.check(retry.maxAge());
        this.properties = properties;
        this.sweeper = new QueueBlobSweeper(blobs, new StoreMaintenance(mongo),
                properties, clock, meters);
    }

    @Bean
    QueueBlobSweeper queueBlobSweeper() {
        return sweeper;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (properties.enabled()) {
            registrar.addFixedDelayTask(new FixedDelayTask(this::guarded, properties.interval(), properties.interval()));
        }
    }

    private void guarded() {
        try {
            sweeper.run();
        } catch (RuntimeException e) {
            log.warn("queued blob sweep failed, next run in {}: {}", properties.interval(), e.toString());
        }
    }
}
