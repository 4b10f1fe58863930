package org.mailplatform.mailbox;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mailbox.expunged.ExpungedProperties;
import org.mailplatform.mailbox.expunged.ExpungedPurgeJob;
import org.mailplatform.mailbox.gc.BlobGarbageCollector;
import org.mailplatform.mailbox.gc.GcProperties;
import org.mailplatform.mailbox.retention.RetentionJob;
import org.mailplatform.mailbox.retention.RetentionProperties;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The background jobs: blob garbage collection, retention and forgetting old expunges, each on its own fixed delay. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({GcProperties.class, RetentionProperties.class, ExpungedProperties.class})
class MaintenanceConfiguration implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceConfiguration.class);

    private final GcProperties gcProperties;
    private final RetentionProperties retentionProperties;
    private final BlobGarbageCollector gc;
    private final RetentionJob retention;
    private final ExpungedProperties expungedProperties;
    private final ExpungedPurgeJob expunged;

    MaintenanceConfiguration(GcProperties gcProperties, RetentionProperties retentionProperties,
                             ExpungedProperties expungedProperties, BlobStore blobs, MongoTemplate mongo,
                             MailboxStore store, MeterRegistry meters) {
        this.gcProperties = gcProperties;
        this.retentionProperties = retentionProperties;
        this.expungedProperties = expungedProperties;
        StoreMaintenance maintenance = new StoreMaintenance(mongo);
        this.gc = new BlobGarbageCollector(blobs, maintenance, gcProperties, Clock.systemUTC(), meters);
        this.retention = new RetentionJob(store, maintenance, retentionProperties, Clock.systemUTC(), meters);
        this.expunged = new ExpungedPurgeJob(maintenance, expungedProperties, Clock.systemUTC(), meters);
    }

    @Bean
    BlobGarbageCollector blobGarbageCollector() {
        return gc;
    }

    @Bean
    RetentionJob retentionJob() {
        return retention;
    }

    @Bean
    ExpungedPurgeJob expungedPurgeJob() {
        return expunged;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (gcProperties.enabled()) {
            registrar.addFixedDelayTask(() -> guarded("blob garbage collection", gc::run), gcProperties.interval());
        }
        if (retentionProperties.enabled()) {
            registrar.addFixedDelayTask(() -> guarded("retention", retention::run), retentionProperties.interval());
        }
        if (expungedProperties.enabled()) {
            registrar.addFixedDelayTask(() -> guarded("forgetting old expunges", expunged::run),
                    expungedProperties.interval());
        }
    }

    private static void guarded(String job, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed, next run later: {}", job, e.toString());
        }
    }
}
