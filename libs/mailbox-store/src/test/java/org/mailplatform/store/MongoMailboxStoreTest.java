package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.util.unit.DataSize;

/** The contract against MongoDB, S3 and Kafka of the test stack, plus what is specific to them. */
@WithTestStack
class MongoMailboxStoreTest implements MailboxStoreContract {

    static StoreFixture fixture;
    static MongoMailboxStore store;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
        store = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Override
    public MailboxStore store() {
        return store;
    }

    @Test
    void metadataIsTheSameWithAndWithoutTheSummaryCache() {
        MongoMailboxStore uncached = fixture.newStore(new MailboxStoreProperties(null, null, null, null, null, null,
                null, null, null, null, DataSize.ofBytes(0), null, null, DataSize.ofBytes(0)), QuotaPolicy.fixed(0, 0));
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        for (int i = 1; i <= 20; i++) {
            store.append(p, "INBOX", MailboxStoreContract.message("cached " + i, "x".repeat(i)));
        }
        store.updateFlags(p, "INBOX", MessageRange.uids(UidSet.range(4, 9)), FlagOperation.ADD,
                java.util.Set.of("\\Seen"), null);

        List<MessageMeta> cold = store.fetch(p, "INBOX", MessageRange.all());
        List<MessageMeta> warm = store.fetch(p, "INBOX", MessageRange.all());
        List<MessageMeta> direct = uncached.fetch(p, "INBOX", MessageRange.all());

        assertThat(cold).hasSize(20).isEqualTo(warm).isEqualTo(direct);
        assertThat(fixture.meters.get("cache.gets").tag("cache", "mail.store.summaries").tag("result", "hit")
                .functionCounter().count()).isGreaterThanOrEqualTo(20);
        assertThat(store.fetchContents(p, "INBOX", MessageRange.all()))
                .extracting(c -> c.meta().size()).isEqualTo(direct.stream().map(MessageMeta::size).toList());
    }

    @Test
    void aBodyOpenedRightAfterItsOwnerReadItsMetadataNeedsNoFurtherQuery() throws Exception {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        MongoMailboxStore counted = countedStore(commands);
        Principal p = newUser();
        counted.ensureDefaultMailboxes(p);
        counted.append(p, "INBOX", MailboxStoreContract.message("read me", "body"));
        MessageMeta meta = counted.fetch(p, "INBOX", MessageRange.uid(1)).get(0);
        commands.clear();

        try (java.io.InputStream in = counted.openContent(p, meta, 0, meta.size())) {
            assertThat(in.readAllBytes()).hasSize((int) meta.size());
        }

        // the bytes may come from the shared body cache (a find there), but no ownership lookup is made
        assertThat(commands).doesNotContain("find:messages");
        // another store instance (another node) has not read it: it checks the owner itself
        List<String> others = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.io.InputStream in = countedStore(others).openContent(p, meta, 0, meta.size())) {
            assertThat(in.readAllBytes()).hasSize((int) meta.size());
        }
        assertThat(others).contains("find:messages");
    }

    /**
     * A message the batch read did not find in the shared body cache (ADR 0211; older than its ttl,
     * say) is read from the object store by its opener without asking that cache again: a POP3
     * download of old mail would otherwise pay a MongoDB query per message on top of its S3 GET.
     */
    @Test
    void aMessageTheBatchReadDidNotFindIsReadWithoutAskingTheSharedCacheAgain() throws Exception {
        Principal p = newUser();
        MongoMailboxStore noCopies = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0),
                org.mailplatform.store.config.SharedBodyCacheProperties.off());
        noCopies.ensureDefaultMailboxes(p);
        noCopies.append(p, "INBOX", MailboxStoreContract.message("old", "body"));
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        MongoMailboxStore counted = countedStore(commands);
        List<MessageContent> contents = counted.fetchContents(p, "INBOX", MessageRange.all());
        assertThat(counted.cachedContents(p, "INBOX", MessageRange.all())).isEmpty();
        assertThat(commands).contains("find:body_cache");
        commands.clear();

        try (java.io.InputStream in = contents.getFirst().open()) {
            assertThat(in.readAllBytes()).hasSize((int) contents.getFirst().meta().size());
        }
        assertThat(commands).doesNotContain("find:body_cache");
    }

    /** A store instance (a node) whose MongoDB client notes every command as "name:collection". */
    private static MongoMailboxStore countedStore(List<String> commands) {
        return fixture.newStore(fixture.template(new com.mongodb.event.CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                org.bson.BsonValue target = event.getCommand().get(event.getCommandName());
                commands.add(event.getCommandName() + ":" + (target != null && target.isString()
                        ? target.asString().getValue() : ""));
            }
        }), MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
    }

    private static Set<String> flagsOf(MailboxStore node, Principal p, long uid) {
        return node.fetch(p, "INBOX", MessageRange.all()).stream().filter(m -> m.uid() == uid).findFirst()
                .orElseThrow().flags();
    }

    @Test
    void aNodesCopyOfAMailboxsRowsFollowsChangesMadeOnAnotherNode() {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        MongoMailboxStore a = countedStore(commands);
        MongoMailboxStore b = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        Principal p = newUser();
        b.ensureDefaultMailboxes(p);
        for (int i = 1; i <= 3; i++) {
            b.append(p, "INBOX", MailboxStoreContract.message("m" + i, "x"));
        }
        assertThat(a.open(p, "INBOX").uids()).containsExactly(1L, 2L, 3L);
        assertThat(a.fetch(p, "INBOX", MessageRange.all())).hasSize(3); // reads the summaries once
        commands.clear();

        assertThat(a.open(p, "INBOX").uids()).containsExactly(1L, 2L, 3L);
        assertThat(a.fetch(p, "INBOX", MessageRange.all())).hasSize(3);
        assertThat(commands).as("unchanged: the mailbox document only").containsOnly("find:mailboxes");

        b.updateFlags(p, "INBOX", MessageRange.uid(2), FlagOperation.ADD, Set.of(Flags.FLAGGED), null);
        assertThat(flagsOf(a, p, 2)).contains(Flags.FLAGGED);
        b.updateFlags(p, "INBOX", MessageRange.uid(3), FlagOperation.ADD, Set.of(Flags.DELETED), null);
        b.expunge(p, "INBOX", null);
        assertThat(a.open(p, "INBOX").uids()).containsExactly(1L, 2L);
        b.append(p, "INBOX", MailboxStoreContract.message("m4", "x"));
        assertThat(a.open(p, "INBOX").uids()).containsExactly(1L, 2L, 4L);
        assertThat(a.fetch(p, "INBOX", MessageRange.all())).extracting(MessageMeta::uid).containsExactly(1L, 2L, 4L);
    }

    @Test
    void noCopyIsKeptWhileAChangeIsInFlightAndAnAbandonedOneIsClosedAfterAMinute() {
        List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
        MongoMailboxStore a = countedStore(commands);
        org.springframework.data.mongodb.core.MongoTemplate raw = fixture.template();
        Principal p = newUser();
        a.ensureDefaultMailboxes(p);
        a.append(p, "INBOX", MailboxStoreContract.message("m1", "x"));
        assertThat(flagsOf(a, p, 1)).isEmpty();
        org.springframework.data.mongodb.core.query.Query inbox = org.springframework.data.mongodb.core.query.Query
                .query(org.springframework.data.mongodb.core.query.Criteria.where("tenantId").is(p.tenantId())
                        .and("userId").is(p.userId()).and("name").is("INBOX"));
        String inboxId = raw.findOne(inbox, org.bson.Document.class, "mailboxes").getString("_id");
        org.springframework.data.mongodb.core.query.Query message = org.springframework.data.mongodb.core.query.Query
                .query(org.springframework.data.mongodb.core.query.Criteria.where("mailboxId").is(inboxId)
                        .and("uid").is(1));

        // a writer on another node begins a change and writes its documents one at a time
        raw.updateFirst(inbox, new org.springframework.data.mongodb.core.query.Update().inc("highestModSeq", 1)
                .inc("writesBegun", 1).set("writesBegunAt", java.time.Instant.now()), "mailboxes");
        raw.updateFirst(message, new org.springframework.data.mongodb.core.query.Update()
                .set("flags", List.of(Flags.ANSWERED)), "messages");
        assertThat(flagsOf(a, p, 1)).containsExactly(Flags.ANSWERED);
        raw.updateFirst(message, new org.springframework.data.mongodb.core.query.Update()
                .set("flags", List.of(Flags.DRAFT)), "messages");
        assertThat(flagsOf(a, p, 1)).as("nothing was kept from the read in flight").containsExactly(Flags.DRAFT);

        // the writer dies before ending its change: a minute later a reader closes it, then copies again
        raw.updateFirst(inbox, new org.springframework.data.mongodb.core.query.Update().set("writesBegunAt",
                java.time.Instant.now().minus(Duration.ofMinutes(2))), "mailboxes");
        assertThat(flagsOf(a, p, 1)).containsExactly(Flags.DRAFT);
        org.bson.Document after = raw.findOne(inbox, org.bson.Document.class, "mailboxes");
        assertThat(after.get("writesEnded")).isEqualTo(after.get("writesBegun"));
        assertThat(flagsOf(a, p, 1)).containsExactly(Flags.DRAFT);
        commands.clear();
        assertThat(flagsOf(a, p, 1)).containsExactly(Flags.DRAFT);
        assertThat(commands).containsOnly("find:mailboxes");
    }

    @Test
    void everyChangeIsPublishedKeyedByUser() {
        Principal p = newUser();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MAILBOX_CHANGES));
            store.ensureDefaultMailboxes(p);
            store.append(p, "INBOX", MailboxStoreContract.message("hi", "x"));
            store.updateFlags(p, "INBOX", MessageRange.uid(1), FlagOperation.ADD, java.util.Set.of("\\Deleted"), null);
            store.expunge(p, "INBOX", null);

            List<String> kinds = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && !kinds.contains("MESSAGES_EXPUNGED")) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(p.userId())) {
                        kinds.add(r.value().replaceAll(".*\"kind\":\"([A-Z_]+)\".*", "$1"));
                    }
                }
            }
            assertThat(kinds).contains("MAILBOX_CREATED", "MESSAGES_ADDED", "FLAGS_CHANGED", "MESSAGES_EXPUNGED");
        }
    }

    @Test
    void appendsFollowTheNameAfterTheMailboxIsRenamedOrDeleted() {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        store.create(p, "Lists");
        store.append(p, "Lists", MailboxStoreContract.message("1", "x"));

        store.rename(p, "Lists", "Old lists");
        assertThatThrownBy(() -> store.append(p, "Lists", MailboxStoreContract.message("2", "x")))
                .isInstanceOf(MailboxException.NotFound.class);
        store.create(p, "Lists");
        store.append(p, "Lists", MailboxStoreContract.message("3", "x"));
        assertThat(store.uids(p, "Lists")).containsExactly(1L);
        assertThat(store.uids(p, "Old lists")).containsExactly(1L);

        store.delete(p, "Lists");
        assertThatThrownBy(() -> store.append(p, "Lists", MailboxStoreContract.message("4", "x")))
                .isInstanceOf(MailboxException.NotFound.class);
    }

    @Test
    void concurrentAppendsToOneMailboxAreWrittenTogether() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MongoMailboxStore batching = new MongoMailboxStore(fixture.template(), fixture.blobs, change -> { },
                meters, MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        Principal p = newUser();
        batching.ensureDefaultMailboxes(p);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<AppendResult>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String body = "m" + i;
                results.add(pool.submit(() -> batching.append(p, "INBOX", MailboxStoreContract.message(body, "x"))));
            }
            java.util.Set<Long> uids = new java.util.HashSet<>();
            for (var r : results) {
                uids.add(r.get(60, java.util.concurrent.TimeUnit.SECONDS).uid());
            }
            assertThat(uids).hasSize(64);
            assertThat(batching.uids(p, "INBOX")).hasSize(64).isSorted();
            assertThat(batching.status(p, "INBOX").mailbox().messages()).isEqualTo(64);
            assertThat(batching.quota(p).messages()).isEqualTo(64);
            var batches = meters.get("mail.store.append.batch").summary();
            assertThat((long) batches.totalAmount()).isEqualTo(64);
            assertThat(batches.max()).isLessThanOrEqualTo(64);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatedAppendKeyIsAnsweredWithTheStoredMessageEvenAtTheQuota() {
        MongoMailboxStore limited = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 1));
        Principal p = newUser();
        limited.ensureDefaultMailboxes(p);
        AppendResult first = limited.append(p, "INBOX", MailboxStoreContract.message("1", "x", java.util.Set.of(),
                "inbound-7/" + p.userId()));

        AppendResult again = limited.append(p, "INBOX", MailboxStoreContract.message("1", "x", java.util.Set.of(),
                "inbound-7/" + p.userId()));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.uid()).isEqualTo(first.uid());
        assertThatThrownBy(() -> limited.append(p, "INBOX", MailboxStoreContract.message("2", "x")))
                .isInstanceOf(OverQuotaException.class);
        assertThat(limited.quota(p).messages()).isEqualTo(1);
    }

    @Test
    void anExpungedMessageKeepsOnlyWhatQresyncNeedsAndIsLeftOutOnceItsSummaryIsGone() {
        MongoMailboxStore uncached = fixture.newStore(new MailboxStoreProperties(null, null, null, null, null, null,
                null, null, null, null, DataSize.ofBytes(0), null, null, DataSize.ofBytes(0)), QuotaPolicy.fixed(0, 0));
        Principal p = newUser();
        uncached.ensureDefaultMailboxes(p);
        for (int i = 1; i <= 3; i++) {
            uncached.append(p, "INBOX", MailboxStoreContract.message("m" + i, "x".repeat(100)));
        }
        String inbox = uncached.find(p, "INBOX").orElseThrow().id();
        var messages = fixture.template().getCollection("messages");

        uncached.updateFlags(p, "INBOX", MessageRange.uid(1), FlagOperation.ADD, Set.of(Flags.DELETED), null);
        uncached.expunge(p, "INBOX", null);
        org.bson.Document gone = messages.find(new org.bson.Document("mailboxId", inbox).append("uid", 1L)).first();
        assertThat(gone.getBoolean("expunged")).isTrue();
        assertThat(gone).doesNotContainKeys("summary", "search");
        assertThat(uncached.changesSince(p, "INBOX", 0).vanished()).containsExactly(1L);

        // a reader that got uid 2's row just before an expunge dropped its summary: left out, no null summary
        messages.updateOne(new org.bson.Document("mailboxId", inbox).append("uid", 2L),
                new org.bson.Document("$unset", new org.bson.Document("summary", "")));
        assertThat(uncached.fetch(p, "INBOX", MessageRange.all())).extracting(MessageMeta::uid).containsExactly(3L);
    }

    @Test
    void quotaRefusesTheMessageThatWouldExceedIt() {
        MongoMailboxStore limited = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 2));
        Principal p = newUser();
        limited.ensureDefaultMailboxes(p);
        limited.append(p, "INBOX", MailboxStoreContract.message("1", "x"));
        limited.append(p, "INBOX", MailboxStoreContract.message("2", "x"));

        assertThatThrownBy(() -> limited.append(p, "INBOX", MailboxStoreContract.message("3", "x")))
                .isInstanceOf(OverQuotaException.class);
        assertThat(limited.quota(p)).isEqualTo(new QuotaUsage(limited.status(p, "INBOX").mailbox().size(), 2, 0, 2));

        limited.remove(p, "INBOX", MessageRange.uid(1));
        limited.append(p, "INBOX", MailboxStoreContract.message("3", "x"));
        assertThat(limited.uids(p, "INBOX")).containsExactly(2L, 3L);
    }

    @Test
    void aDomainQuotaCountsAllUsersOfTheDomainTogether() {
        String tenant = "tenant-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Principal ann = new Principal(tenant, "ann-" + tenant, "ann@Shared.example");
        Principal ben = new Principal(tenant, "ben-" + tenant, "ben@shared.example");
        Principal elsewhere = new Principal(tenant, "eve-" + tenant, "eve@other.example");
        MongoMailboxStore limited = fixture.newStore(MailboxStoreProperties.defaults(),
                p -> new QuotaPolicy.Limits(0, 0, 0, p.address().toLowerCase(java.util.Locale.ROOT).endsWith("shared.example") ? 3 : 0));
        for (Principal p : List.of(ann, ben, elsewhere)) {
            limited.ensureDefaultMailboxes(p);
        }
        limited.append(ann, "INBOX", MailboxStoreContract.message("1", "x"));
        limited.append(ann, "INBOX", MailboxStoreContract.message("2", "x"));
        limited.append(ben, "INBOX", MailboxStoreContract.message("3", "x"));

        assertThatThrownBy(() -> limited.append(ben, "INBOX", MailboxStoreContract.message("4", "x")))
                .isInstanceOf(OverQuotaException.class);
        assertThatThrownBy(() -> limited.copy(ann, "INBOX", MessageRange.uid(1), "Archive"))
                .isInstanceOf(OverQuotaException.class);
        // the refused append gave the user's reservation back; other domains are not counted in
        assertThat(limited.quota(ben).messages()).isEqualTo(1);
        limited.append(elsewhere, "INBOX", MailboxStoreContract.message("5", "x"));

        limited.remove(ann, "INBOX", MessageRange.uid(1));
        limited.append(ben, "INBOX", MailboxStoreContract.message("4", "x"));
        assertThat(limited.uids(ben, "INBOX")).containsExactly(1L, 2L);
    }

    @Test
    void aUserAtTheQuotaCanStillMoveMailToTrashButNotCopyIt() {
        MongoMailboxStore limited = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 2));
        Principal p = newUser();
        limited.ensureDefaultMailboxes(p);
        limited.append(p, "INBOX", MailboxStoreContract.message("1", "x"));
        limited.append(p, "INBOX", MailboxStoreContract.message("2", "x"));

        assertThatThrownBy(() -> limited.copy(p, "INBOX", MessageRange.uid(1), "Trash"))
                .isInstanceOf(OverQuotaException.class);
        limited.move(p, "INBOX", MessageRange.uid(1), "Trash");

        assertThat(limited.uids(p, "Trash")).containsExactly(1L);
        assertThat(limited.uids(p, "INBOX")).containsExactly(2L);
        assertThat(limited.quota(p).messages()).isEqualTo(2);
    }

    @Test
    void messagesAboveTheSizeLimitAreRefusedAndLargeOnesAreSpooled() {
        MongoMailboxStore small = fixture.newStore(new MailboxStoreProperties(DataSize.ofKilobytes(64),
                DataSize.ofKilobytes(8), null, null, null, null, null, null, null, null, null, null, null, null), QuotaPolicy.fixed(0, 0));
        Principal p = newUser();
        small.ensureDefaultMailboxes(p);
        byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(40_000)).getBytes();

        AppendResult stored = small.append(p, "INBOX", AppendRequest.of(new ByteArrayInputStream(big)));
        assertThat(stored.size()).isEqualTo(big.length);
        assertThatThrownBy(() -> small.append(p, "INBOX",
                AppendRequest.of(new ByteArrayInputStream(new byte[70_000])))).isInstanceOf(MessageTooLargeException.class);
        assertThat(small.quota(p).messages()).isEqualTo(1);
    }

    @Test
    void operationsAreTimed() {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        assertThat(fixture.meters.find("mail.store.operations").tag("operation", "ensure-defaults").timer())
                .isNotNull();
    }
}
