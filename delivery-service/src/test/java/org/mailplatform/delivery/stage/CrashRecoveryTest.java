package org.mailplatform.delivery.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.config.TemporaryFailures;
import org.mailplatform.delivery.local.LocalDeliverer;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.router.ForwardingSender;
import org.mailplatform.delivery.router.RecipientExpander;
import org.mailplatform.delivery.router.Router;
import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.teststack.TestStack;

/**
 * A stage whose thread dies in the middle of a batch (an {@link Error} from the handler: nothing
 * is committed or aborted, the clients are simply dropped) and is started again with the same
 * transactional id: every input is processed, and nothing is written twice.
 */
class CrashRecoveryTest extends DeliveryTestBase {

    private static final int MESSAGES = 15;

    @Test
    void routerKilledMidBatchAndRestartedWritesEveryRecipientExactlyOnce() throws Exception {
        String in = "crash.router.in";
        String local = "crash.router.local";
        String dlq = "crash.router.dlq";
        createTopics(List.of(in, local, "crash.router.out", dlq), 2);
        Principal a = directory.addUser(unique("crash-a") + "@local.test");
        Principal b = directory.addUser(unique("crash-b") + "@local.test");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < MESSAGES; i++) {
            InboundMessage m = new InboundMessage("CR" + i + "-" + unique("m"), "inbound/2026/11/x", 10, Instant.now(),
                    "s@example.org", List.of(rcpt(a.address()), rcpt(b.address())), null, null, false, null, "t");
            send(in, m.id(), json.write(m));
            ids.add(m.id());
        }
        AtomicInteger calls = new AtomicInteger();
        Directory dying = new Directory() {
            @Override
            public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
                return directory.authenticate(login, secret, protocol, client);
            }

            @Override
            public Resolution resolve(String address) {
                if (calls.incrementAndGet() == 17) {
                    throw new SimulatedCrash();
                }
                return directory.resolve(address);
            }
        };

        TransactionalStage first = routerStage(in, local, dlq, dying);
        first.start();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        assertThat(calls.get()).isEqualTo(17);
        assertThat(readCommitted(local).size()).as("committed before the crash").isBetween(0, 16);

        TransactionalStage second = routerStage(in, local, dlq, directory);
        second.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> readCommitted(local).size() >= 2 * MESSAGES);
            List<ConsumerRecord<String, byte[]>> written = readCommitted(local);
            Map<String, Integer> perDelivery = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : written) {
                LocalDelivery d = json.read(r.value(), LocalDelivery.class);
                assertThat(r.key()).isEqualTo(d.principal().userId());
                perDelivery.merge(d.message().id() + "/" + d.principal().userId(), 1, Integer::sum);
            }
            assertThat(written).hasSize(2 * MESSAGES);
            assertThat(perDelivery).hasSize(2 * MESSAGES).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            assertThat(perDelivery.keySet().stream().map(k -> k.substring(0, k.indexOf('/')))).containsAll(ids);
        } finally {
            second.stop();
        }
    }

    @Test
    void localDelivererKilledAfterAnAppendAndRestartedStoresEveryMessageOnce() throws Exception {
        String local = "crash.local.in";
        String retry = "crash.local.retry";
        String dlq = "crash.local.dlq";
        createTopics(List.of(local, retry, dlq), 2);
        Principal user = directory.addUser(unique("crash-local") + "@local.test");
        for (int i = 0; i < MESSAGES; i++) {
            InboundMessage m = enqueueBlobOnly("crash " + i, user);
            send(local, user.userId(), json.write(new LocalDelivery(m, rcpt(user.address()), user, 0, null)));
        }
        AtomicInteger appends = new AtomicInteger();
        MailboxStore dying = (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MailboxStore.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("append") && appends.incrementAndGet() == 8) {
                            throw new SimulatedCrash();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        TransactionalStage first = localStage(local, retry, dlq, dying);
        first.start();
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        assertThat(inbox(user)).hasSize(8);

        TransactionalStage second = localStage(local, retry, dlq, store);
        second.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(user).size() >= MESSAGES);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> inbox(user).size() == MESSAGES);
            List<String> subjects = new ArrayList<>();
            inbox(user).forEach(m -> subjects.add(m.substring(m.indexOf("Subject: "), m.indexOf("\r\n", m.indexOf("Subject: ")))));
            assertThat(subjects).doesNotHaveDuplicates().hasSize(MESSAGES);
        } finally {
            second.stop();
        }
    }

    @Test
    void localDelivererKilledAfterABatchAppendAndRestartedStoresEveryMessageOnceInOrder() throws Exception {
        String local = "crash.batch.in";
        String retry = "crash.batch.retry";
        String dlq = "crash.batch.dlq";
        createTopics(List.of(local, retry, dlq), 2);
        Principal a = directory.addUser(unique("crash-batch-a") + "@local.test");
        Principal b = directory.addUser(unique("crash-batch-b") + "@local.test");
        for (int i = 0; i < MESSAGES; i++) {
            for (Principal to : List.of(a, b)) {
                InboundMessage m = enqueueBlobOnly("crash " + i, to);
                send(local, to.userId(), json.write(new LocalDelivery(m, rcpt(to.address()), to, 0, null)));
            }
        }
        // the process dies right after the first batch append is stored, before the Kafka commit,
        // and stays dead (every store call dies) until it is replaced
        AtomicInteger batches = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();
        MailboxStore dying = (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MailboxStore.class}, (proxy, method, args) -> {
                    if (dead.get()) {
                        throw new SimulatedCrash();
                    }
                    try {
                        Object result = method.invoke(store, args);
                        if (method.getName().equals("appendAll") && batches.incrementAndGet() == 1) {
                            dead.set(true);
                            throw new SimulatedCrash();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });

        TransactionalStage first = localStage(local, retry, dlq, dying, Concurrency.PER_KEY, MESSAGES * 2);
        first.start();
        try {
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(dead::get);
        } finally {
            first.stop();
        }
        int storedBeforeTheCrash = inbox(a).size() + inbox(b).size();
        assertThat(storedBeforeTheCrash).as("at least one user's batch stored, nothing committed")
                .isGreaterThanOrEqualTo(2);

        TransactionalStage second = localStage(local, retry, dlq, store, Concurrency.PER_KEY, MESSAGES * 2);
        second.start();
        try {
            for (Principal user : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> inbox(user).size() >= MESSAGES);
            }
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> inbox(a).size() + inbox(b).size() == 2 * MESSAGES);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add("Subject: crash " + i);
            }
            for (Principal user : List.of(a, b)) {
                List<String> subjects = new ArrayList<>();
                inbox(user).forEach(m -> subjects.add(m.substring(m.indexOf("Subject: "),
                        m.indexOf("\r\n", m.indexOf("Subject: ")))));
                assertThat(subjects).as("each message once, in queue order").isEqualTo(expected);
            }
        } finally {
            second.stop();
        }
    }

    private InboundMessage enqueueBlobOnly(String subject, Principal to) {
        byte[] bytes = content(subject).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.mailplatform.blob.BlobKey key = org.mailplatform.blob.BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length);
        return new InboundMessage("CL-" + unique("m"), key.value(), bytes.length, Instant.now(), "s@example.org",
                List.of(rcpt(to.address())), null, null, false, null, "t");
    }

    private TransactionalStage routerStage(String in, String local, String dlq, Directory dir) {
        Router router = new Router(new RecipientExpander(dir, 10, 100), new ForwardingSender(null, dir, meters), bounces, json,
                local, "crash.router.out", meters);
        return new TransactionalStage(settings("crash-router", in, dlq), router, new TemporaryFailures(), meters);
    }

    private TransactionalStage localStage(String local, String retry, String dlq, MailboxStore target) {
        return localStage(local, retry, dlq, target, Concurrency.IN_ORDER, 4);
    }

    private TransactionalStage localStage(String local, String retry, String dlq, MailboxStore target,
                                          Concurrency concurrency, int maxPollRecords) {
        LocalDeliverer deliverer = localDeliverer(target, local, retry);
        return new TransactionalStage(settings(local, local, dlq, concurrency, maxPollRecords), deliverer,
                new TemporaryFailures(), meters);
    }

    private static StageSettings settings(String name, String topic, String dlq) {
        return settings(name, topic, dlq, Concurrency.IN_ORDER, 4);
    }

    private static StageSettings settings(String name, String topic, String dlq, Concurrency concurrency,
                                          int maxPollRecords) {
        return new StageSettings(name, topic, "group-" + name, "tx-" + name, dlq, concurrency, maxPollRecords,
                Duration.ofMillis(100),
                Duration.ofMillis(500), 5, Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.endpoints().kafkaBootstrapServers(), ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000));
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.endpoints().kafkaBootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline
                    && partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /** Stands for the process dying: not an exception any code path handles. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
