package org.mailplatform.store;

import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3BlobStore;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.events.ChangePublisher;
import org.mailplatform.store.events.KafkaChangePublisher;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Real backends from the test stack for one test class: its own database and bucket, and as many
 * store instances over them as a test wants (each with its own MongoDB client, like two nodes).
 */
final class StoreFixture implements AutoCloseable {

    final BackendEndpoints stack;
    final String database = "store-" + UUID.randomUUID().toString().substring(0, 8);
    final MinioClient minio;
    final S3BlobStore blobs;
    final KafkaChangePublisher publisher;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final java.util.List<MongoClient> clients = new java.util.ArrayList<>();

    StoreFixture(BackendEndpoints stack) {
        this.stack = stack;
        S3Properties s3 = new S3Properties(stack.s3().url(), stack.s3().accessKey(), stack.s3().secretKey(),
                stack.s3().region(), database, true, 5 * 1024 * 1024, java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(30), 2, 50, java.time.Duration.ofSeconds(30));
        minio = BlobStoreFactory.client(s3);
        blobs = BlobStoreFactory.store(minio, s3, CircuitBreaker.ofDefaults("s3"), Retry.ofDefaults("s3"));
        blobs.ensureBucket();
        createTopic(stack.kafkaBootstrapServers());
        publisher = KafkaChangePublisher.create(stack.kafkaBootstrapServers(), meters);
    }

    /** The topic is provisioned by standalone / the Helm hook in real deployments; here by the test. */
    static void createTopic(String bootstrap) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(
                    org.mailplatform.model.Topics.MAILBOX_CHANGES, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new user of a tenant of its own, with the default mailboxes made by {@code store}. */
    static org.mailplatform.model.Principal newUser(MailboxStore store) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        org.mailplatform.model.Principal p = new org.mailplatform.model.Principal("t-" + id, "u-" + id,
                id + "@example.com");
        store.ensureDefaultMailboxes(p);
        return p;
    }

    MongoTemplate template() {
        MongoClient client = MongoClients.create(stack.mongoUri());
        clients.add(client);
        return new MongoTemplate(client, database);
    }

    /** A template whose client tells {@code listener} of every command it sends. */
    MongoTemplate template(com.mongodb.event.CommandListener listener) {
        MongoClient client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(stack.mongoUri()))
                .addCommandListener(listener).build());
        clients.add(client);
        return new MongoTemplate(client, database);
    }

    MongoMailboxStore newStore(MongoTemplate template, MailboxStoreProperties properties, QuotaPolicy quota) {
        return new MongoMailboxStore(template, blobs, publisher, meters, properties, quota);
    }

    MongoMailboxStore newStore(MailboxStoreProperties properties, QuotaPolicy quota) {
        return newStore(properties, quota, publisher);
    }

    MongoMailboxStore newStore(MailboxStoreProperties properties, QuotaPolicy quota, ChangePublisher changes) {
        return new MongoMailboxStore(template(), blobs, changes, meters, properties, quota);
    }

    MongoMailboxStore newStore(MailboxStoreProperties properties, QuotaPolicy quota,
                               org.mailplatform.store.config.SharedBodyCacheProperties sharedBodies) {
        return new MongoMailboxStore(template(), blobs, publisher, meters, properties, quota, sharedBodies);
    }

    @Override
    public void close() throws Exception {
        publisher.close();
        clients.forEach(MongoClient::close);
        minio.close();
    }
}
