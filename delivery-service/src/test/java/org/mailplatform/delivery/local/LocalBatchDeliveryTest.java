package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * One user's several {@code mail.local} records handled together ({@link LocalDeliverer#handleTogether}):
 * stored as one mailbox-store batch in their order, each with its own outcome, against the test
 * stack's MongoDB and S3.
 */
class LocalBatchDeliveryTest extends DeliveryTestBase {

    private ConsumerRecord<String, byte[]> record(Principal to, String subject, boolean withBlob) {
        byte[] bytes = content(subject).getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        if (withBlob) {
            blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        }
        InboundMessage m = new InboundMessage("LB-" + unique("m"), key.value(), bytes.length, Instant.now(),
                "sender@example.org", List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false,
                null, "t");
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(),
                json.write(new LocalDelivery(m, rcpt(to.address()), to, 0, null)));
    }

    private static List<String> subjects(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("(?s).*Subject: ([^\r]*)\r.*", "$1")).toList();
    }

    private double delivered() {
        var c = meters.find("mail.delivery.local").tag("outcome", "delivered").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void oneUsersRecordsAreStoredInOrderAsOneBatchWithTheTraceHeaders() {
        Principal user = directory.addUser(unique("batch") + "@local.test");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            records.add(record(user, "batch " + i, true));
        }
        double before = delivered();

        List<Outcome> outcomes = localDeliverer().handleTogether(records);

        assertThat(outcomes).hasSize(4).allSatisfy(o -> assertThat(o).isEqualTo(Outcome.done(List.of())));
        List<String> inbox = inbox(user);
        assertThat(subjects(inbox)).containsExactly("batch 0", "batch 1", "batch 2", "batch 3");
        assertThat(inbox).allSatisfy(m -> assertThat(m).startsWith(
                "Return-Path: <sender@example.org>\r\nDelivered-To: " + user.address() + "\r\n"));
        assertThat(inboxMeta(user)).extracting(m -> m.uid()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(delivered() - before).isEqualTo(4);
    }

    @Test
    void theSameRecordsAgainStoreNothingNew() {
        Principal user = directory.addUser(unique("again") + "@local.test");
        List<ConsumerRecord<String, byte[]>> records = List.of(record(user, "one", true), record(user, "two", true));
        localDeliverer().handleTogether(records);

        List<Outcome> again = localDeliverer().handleTogether(records);

        assertThat(again).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
        assertThat(subjects(inbox(user))).containsExactly("one", "two");
    }

    @Test
    void everyRecordOverQuotaBouncesOnItsOwn() {
        Principal full = directory.addUser("full-" + unique("batch") + "@local.test");
        List<ConsumerRecord<String, byte[]>> records = List.of(record(full, "a", true), record(full, "b", true),
                record(full, "c", true));

        List<Outcome> outcomes = localDeliverer().handleTogether(records);

        assertThat(outcomes).hasSize(3).allSatisfy(o -> assertThat(((Outcome.Done) o).output())
                .singleElement().satisfies(dsn -> assertThat(dsn.topic()).isEqualTo(INBOUND)));
        assertThat(inbox(full)).isEmpty();
    }

    @Test
    void aMissingBlobIsDeadLetteredAndTheRecordsAfterItAreLeftToHandleOneByOne() {
        Principal user = directory.addUser(unique("hole") + "@local.test");
        List<ConsumerRecord<String, byte[]>> records = List.of(record(user, "before", true),
                record(user, "gone", false), record(user, "after", true));

        List<Outcome> outcomes = localDeliverer().handleTogether(records);

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Done.class);
        assertThat(outcomes.get(1)).isInstanceOf(Outcome.DeadLetter.class);
        assertThat(subjects(inbox(user))).containsExactly("before");
        assertThat(localDeliverer().handle(records.get(2))).isInstanceOf(Outcome.Done.class);
        assertThat(subjects(inbox(user))).containsExactly("before", "after");
    }

    @Test
    void aFirstDeliveryCreatesTheMailboxesAndStoresTheWholeBatch() {
        Principal fresh = directory.addUser(unique("fresh") + "@local.test");
        assertThat(store.find(fresh, "INBOX")).isEmpty();

        List<Outcome> outcomes = localDeliverer().handleTogether(List.of(record(fresh, "first", true),
                record(fresh, "second", true)));

        assertThat(outcomes).hasSize(2);
        assertThat(subjects(inbox(fresh))).containsExactly("first", "second");
    }
}
