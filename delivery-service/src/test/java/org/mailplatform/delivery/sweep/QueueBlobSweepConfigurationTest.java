package org.mailplatform.delivery.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.support.MemoryBlobStore;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** The sweeper's settings as the service binds and checks them at start. */
class QueueBlobSweepConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(QueueBlobSweepConfiguration.class)
            .withBean(BlobStore.class, MemoryBlobStore::new)
            .withBean(Clock.class, Clock::systemUTC)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withUserConfiguration(UnusedMongo.class);

    /**
     * The sweeper asks MongoDB which queued bodies messages refer to; these tests never sweep, so a
     * client that never connects will do. A bean, so the context closes it.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class UnusedMongo {

        @org.springframework.context.annotation.Bean
        com.mongodb.client.MongoClient unusedMongoClient() {
            return com.mongodb.client.MongoClients.create("mongodb://127.0.0.1:9");
        }

        @org.springframework.context.annotation.Bean
        org.springframework.data.mongodb.core.MongoTemplate unusedMongoTemplate(com.mongodb.client.MongoClient client) {
            return new org.springframework.data.mongodb.core.MongoTemplate(client, "unused");
        }
    }

    @Test
    void defaultsKeepQueuedBodiesAWeekUnderInbound() {
        context.run(started -> {
            assertThat(started).hasNotFailed().hasSingleBean(QueueBlobSweeper.class);
            QueueBlobProperties p = started.getBean(QueueBlobProperties.class);
            assertThat(p.enabled()).isTrue();
            assertThat(p.prefixes()).containsExactly("inbound");
            assertThat(p.retention()).isEqualTo(Duration.ofDays(7));
            assertThat(p.interval()).isEqualTo(Duration.ofHours(1));
            assertThat(p.fullWalkInterval()).isEqualTo(Duration.ofDays(7));
            assertThat(p.fullWalks()).isTrue();
            assertThat(p.pageSize()).isEqualTo(1000);
        });
    }

    @Test
    void retentionNotLongerThanTheRetryMaxAgePlusADayRefusesToStart() {
        // the default retention of 7d is exactly the max age of 6d plus a day: a deferred message
        // on its last attempt could find its body gone
        context.withPropertyValues("mail.delivery.retry.max-age=6d").run(started -> assertThat(started)
                .getFailure().rootCause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mail.delivery.queue-blobs.retention (PT168H)")
                .hasMessageContaining("mail.delivery.retry.max-age (PT144H)"));
        context.withPropertyValues("mail.delivery.queue-blobs.retention=2d").run(started -> assertThat(started)
                .getFailure().rootCause().hasMessageContaining("must be longer than mail.delivery.retry.max-age"));
    }

    @Test
    void retentionLongerThanTheMaxAgePlusADayStarts() {
        context.withPropertyValues("mail.delivery.retry.max-age=6d", "mail.delivery.queue-blobs.retention=169h",
                "mail.delivery.queue-blobs.prefixes=inbound,dsn").run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started.getBean(QueueBlobProperties.class).prefixes()).containsExactly("inbound", "dsn");
                });
    }

    @Test
    void aFullWalkIntervalOfZeroTurnsFullWalksOffAndANegativeOneRefusesToStart() {
        context.withPropertyValues("mail.delivery.queue-blobs.full-walk-interval=0").run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(QueueBlobProperties.class).fullWalks()).isFalse();
        });
        context.withPropertyValues("mail.delivery.queue-blobs.full-walk-interval=-1h")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("mail.delivery.queue-blobs.full-walk-interval must not be negative"));
    }

    @Test
    void aPrefixWithASlashRefusesToStart() {
        context.withPropertyValues("mail.delivery.queue-blobs.prefixes=inbound/2026")
                .run(started -> assertThat(started).getFailure().rootCause()
                        .hasMessageContaining("mail.delivery.queue-blobs.prefixes"));
    }

    @Test
    void aSweepIsScheduledUnlessDisabled() {
        context.run(started -> assertThat(scheduled(started)).hasSize(1));
        context.withPropertyValues("mail.delivery.queue-blobs.enabled=false").run(started -> {
            assertThat(started).hasNotFailed().hasSingleBean(QueueBlobSweeper.class);
            assertThat(scheduled(started)).isEmpty();
        });
    }

    private static Set<ScheduledTask> scheduled(ApplicationContext context) {
        return context.getBean(ScheduledTaskHolder.class).getScheduledTasks();
    }
}
