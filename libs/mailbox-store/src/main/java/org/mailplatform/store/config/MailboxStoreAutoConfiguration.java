package org.mailplatform.store.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.events.ChangePublisher;
import org.mailplatform.store.events.KafkaChangePublisher;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.store.mongo.MongoSieveScripts;
import org.mailplatform.store.mongo.MongoVacationLog;
import org.mailplatform.store.sieve.SieveScripts;
import org.mailplatform.store.sieve.VacationLog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Gives a service the {@link MailboxStore} when it sets {@code mail.store.enabled=true} and has a
 * {@link MongoTemplate} (Spring Boot's MongoDB support, {@code spring.mongodb.uri} and
 * {@code spring.mongodb.database}) and a {@link BlobStore} ({@code mail.s3.*}). Opt-in, because
 * {@code standalone} puts every service on one classpath and only the mailbox users want it. Changes go to
 * Kafka at {@code spring.kafka.bootstrap-servers}. Quota limits come from the directory where the
 * service has a directory client. A service may replace the {@link QuotaPolicy} or the
 * {@link ChangePublisher}. Users' Sieve scripts ({@link SieveScripts}, limits in
 * {@code mail.store.sieve.*}) and the vacation log ({@link VacationLog}) come with the store, in the
 * same database, as does the cluster-wide cache of small messages' bytes
 * ({@code mail.store.shared-body-cache.*}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.mailplatform.directory.client.autoconfigure.DirectoryClientAutoConfiguration",
        "org.mailplatform.blob.BlobStoreAutoConfiguration"})
@ConditionalOnBean({MongoTemplate.class, BlobStore.class})
@ConditionalOnProperty(prefix = "mail.store", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({MailboxStoreProperties.class, SieveProperties.class, SharedBodyCacheProperties.class})
public class MailboxStoreAutoConfiguration {

    private static final String DIRECTORY_QUOTAS = "org.mailplatform.directory.client.DirectoryQuotas";

    /**
     * The limits set in the directory when the service has a directory client (delivery, IMAP,
     * POP3), else the fixed default {@code mail.store.quota-bytes} / {@code quota-messages}.
     */
    @Bean
    @ConditionalOnMissingBean
    QuotaPolicy mailboxQuotaPolicy(MailboxStoreProperties properties, ApplicationContext context) {
        if (ClassUtils.isPresent(DIRECTORY_QUOTAS, getClass().getClassLoader())) {
            QuotaPolicy directory = DirectoryQuotaPolicies.fromContext(context);
            if (directory != null) {
                return directory;
            }
        }
        return QuotaPolicy.fixed(properties.quotaBytes().toBytes(), properties.quotaMessages());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ChangePublisher.class)
    KafkaChangePublisher mailboxChangePublisher(@Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrap,
                                                ObjectProvider<MeterRegistry> meters) {
        return KafkaChangePublisher.create(bootstrap, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean
    MongoMailboxStore mailboxStore(MongoTemplate mongo, BlobStore blobs, ChangePublisher changes,
                                   ObjectProvider<MeterRegistry> meters, MailboxStoreProperties properties,
                                   QuotaPolicy quota, SharedBodyCacheProperties sharedBodies) {
        return new MongoMailboxStore(mongo, blobs, changes, meters.getIfAvailable(SimpleMeterRegistry::new), properties,
                quota, sharedBodies);
    }

    @Bean
    @ConditionalOnMissingBean(SieveScripts.class)
    MongoSieveScripts sieveScripts(MongoTemplate mongo, SieveProperties properties) {
        return new MongoSieveScripts(mongo, properties);
    }

    @Bean
    @ConditionalOnMissingBean(VacationLog.class)
    MongoVacationLog vacationLog(MongoTemplate mongo) {
        return new MongoVacationLog(mongo);
    }
}
