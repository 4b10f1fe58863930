package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * Filing by users' Sieve scripts at local delivery: fileinto (to an existing, a missing or a new
 * user's default mailbox), discard, keep of a junk verdict, no script, and redelivery.
 */
class SieveFilingTest extends SieveDeliveryTestBase {

    @Test
    void fileintoAnExistingMailboxAndTheRestToTheInbox() throws Exception {
        Principal user = user("file");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work/Reports");
        activate(user, "require \"fileinto\"; if header :contains \"subject\" \"report\" { fileinto \"Work/Reports\"; }");
        double filed = sieve("filed");

        enqueue("sender@example.org", message(user.address(), "weekly report", ""), rcpt(user.address()));
        enqueue("sender@example.org", message(user.address(), "hello", ""), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(user).size() == 1);
        assertThat(subjects(messages(user, "Work/Reports"))).containsExactly("weekly report");
        assertThat(subjects(inbox(user))).containsExactly("hello");
        assertThat(sieve("filed") - filed).isEqualTo(1);
    }

    @Test
    void aNewUsersFirstMessageFindsTheDefaultMailboxes() throws Exception {
        Principal user = user("firstfile"); // no mailboxes yet: the first delivery creates them
        activate(user, "require \"fileinto\"; fileinto \"Archive\";");

        enqueue("sender@example.org", message(user.address(), "first", ""), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(user, "Archive").size() == 1);
        assertThat(subjects(messages(user, "Archive"))).containsExactly("first");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void fileintoAMissingMailboxKeepsInTheInbox() throws Exception {
        Principal user = user("nofolder");
        activate(user, "require \"fileinto\"; fileinto \"Does/Not/Exist\";");

        enqueue("sender@example.org", message(user.address(), "typo", ""), rcpt(user.address()));

        assertThat(subjects(awaitInbox(user, 1))).containsExactly("typo");
        assertThat(store.find(user, "Does/Not/Exist")).as("not created, as without :create").isEmpty();
    }

    @Test
    void discardStoresNothing() throws Exception {
        Principal user = user("discard");
        activate(user, "if header :contains \"subject\" \"spam\" { discard; }");
        double discarded = sieve("discarded");

        enqueue("sender@example.org", message(user.address(), "cheap spam", ""), rcpt(user.address()));
        enqueue("sender@example.org", message(user.address(), "after", ""), rcpt(user.address()));

        // one user's mail is delivered in order: once "after" is in, the first was handled
        assertThat(subjects(awaitInbox(user, 1))).containsExactly("after");
        assertThat(sieve("discarded") - discarded).isEqualTo(1);
    }

    @Test
    void withoutAScriptDeliveryIsUnchanged() {
        Principal user = user("plain");
        String body = message(user.address(), "as before", "");

        enqueue("sender@example.org", body, rcpt(user.address()));

        assertThat(awaitInbox(user, 1)).containsExactly(trace(user, "sender@example.org") + body);
    }

    @Test
    void keepOfAJunkVerdictFilesInJunk() throws Exception {
        Principal user = user("junk-keep");
        store.ensureDefaultMailboxes(user);
        activate(user, "keep;");
        String fields = "Authentication-Results: mx.local.test; dmarc=fail (p=quarantine) header.from=example.org\r\n";

        Outcome o = deliverer().handle(record(user, message(user.address(), "quarantined", ""),
                new InboundMessage.Verdict(fields, true)));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(subjects(messages(user, "Junk"))).containsExactly("quarantined");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void aRedeliveredRecordStoresNothingTwice() throws Exception {
        Principal user = user("twice");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work");
        activate(user, "require \"fileinto\"; fileinto \"Work\"; keep;");
        ConsumerRecord<String, byte[]> r = record(user, message(user.address(), "once", ""), null);

        assertThat(deliverer().handleTogether(List.of(r, r))).as("a user with a script: one by one").isEmpty();
        deliverer().handle(r);
        deliverer().handle(r);

        assertThat(subjects(messages(user, "Work"))).containsExactly("once");
        assertThat(subjects(inbox(user))).containsExactly("once");
    }
}
