package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance.DeletedUserData;
import org.mailplatform.teststack.WithTestStack;

/** Deleting one user's mail data leaves every other owner's alone and lowers the domain's usage exactly once. */
@WithTestStack
class UserDataPurgeTest extends OneStoreTest {

    /** Three messages, one of them expunged, a copy in Archive, and a tombstone. */
    private static void fill(Principal p) {
        store.append(p, "INBOX", MailboxStoreContract.message("one", "first body"));
        store.append(p, "INBOX", MailboxStoreContract.message("two", "second body"));
        store.append(p, "INBOX", MailboxStoreContract.message("three", "third body"));
        store.copy(p, "INBOX", MessageRange.uid(1), "Archive");
        store.updateFlags(p, "INBOX", MessageRange.uid(2), FlagOperation.ADD, Set.of(Flags.DELETED), null);
        store.expunge(p, "INBOX", null);
        String inbox = store.find(p, "INBOX").orElseThrow().id();
        mongo.getCollection("messages").insertOne(new Document("tenantId", p.tenantId()).append("userId", p.userId())
                .append("mailboxId", inbox).append("uid", 99L).append("modSeq", 0L).append("expunged", true)
                .append("tombstone", true));
    }

    private static long documents(String collection, Principal p) {
        return mongo.getCollection(collection).countDocuments(new Document("tenantId", p.tenantId())
                .append("userId", p.userId()));
    }

    private static Document domain(Principal p) {
        String domain = p.address().substring(p.address().indexOf('@') + 1);
        return mongo.getCollection("domain_quotas").find(new Document("_id", p.tenantId() + "/" + domain)).first();
    }

    private static Principal sameTenant(Principal p, String name) {
        return new Principal(p.tenantId(), "u-" + name, name + p.address().substring(p.address().indexOf('@')));
    }

    @Test
    void deletesMessagesMailboxesAndQuotaOfOneUserAndLowersTheDomainByExactlyTheirUsage() {
        Principal alice = StoreFixture.newUser(store);
        Principal bob = sameTenant(alice, "bob");
        Principal twin = new Principal("other-" + alice.tenantId(), alice.userId(), alice.address());
        for (Principal p : new Principal[] {alice, bob, twin}) {
            store.ensureDefaultMailboxes(p);
            fill(p);
        }
        QuotaUsage aliceUsage = store.quota(alice);
        QuotaUsage bobUsage = store.quota(bob);
        long bobMessages = documents("messages", bob);
        long bobMailboxes = documents("mailboxes", bob);
        long twinMessages = documents("messages", twin);
        Document domainBefore = domain(alice);
        assertThat(domainBefore.getLong("bytes")).isEqualTo(aliceUsage.bytes() + bobUsage.bytes());

        long aliceMessages = documents("messages", alice);
        long aliceMailboxes = documents("mailboxes", alice);
        DeletedUserData deleted = maintenance.deleteUserData(alice);

        assertThat(deleted).isEqualTo(new DeletedUserData(aliceMailboxes, aliceMessages, aliceUsage.bytes(),
                aliceUsage.messages(), 0));
        assertThat(aliceMessages).as("expunged documents and the tombstone too").isEqualTo(5);
        assertThat(documents("messages", alice)).isZero();
        assertThat(documents("mailboxes", alice)).isZero();
        assertThat(documents("quotas", alice)).isZero();
        assertThat(store.quota(alice).bytes()).isZero();
        Document domainAfter = domain(alice);
        assertThat(domainAfter.getLong("bytes")).isEqualTo(bobUsage.bytes());
        assertThat(domainAfter.getLong("messages")).isEqualTo(bobUsage.messages());
        assertThat(domainAfter.getList("releasedUsers", String.class, java.util.List.of())).isEmpty();

        assertThat(documents("messages", bob)).isEqualTo(bobMessages);
        assertThat(documents("mailboxes", bob)).isEqualTo(bobMailboxes);
        assertThat(store.quota(bob)).isEqualTo(bobUsage);
        assertThat(documents("messages", twin)).as("same user id in another tenant").isEqualTo(twinMessages);
        assertThat(store.uids(twin, "INBOX")).containsExactly(1L, 3L);
        assertThat(store.quota(twin).bytes()).isEqualTo(aliceUsage.bytes());

        assertThat(maintenance.deleteUserData(alice)).as("a second call").isEqualTo(new DeletedUserData(0, 0, 0, 0, 0));
        assertThat(domain(alice).getLong("bytes")).isEqualTo(bobUsage.bytes());
    }

    @Test
    void aRunAfterOneThatStoppedBetweenLoweringTheDomainAndDeletingTheUsersCounterDoesNotLowerItAgain() {
        Principal carol = StoreFixture.newUser(store);
        Principal dave = sameTenant(carol, "dave");
        store.ensureDefaultMailboxes(dave);
        fill(carol);
        fill(dave);
        QuotaUsage carolUsage = store.quota(carol);
        QuotaUsage daveUsage = store.quota(dave);
        String userCounter = carol.tenantId() + "/" + carol.userId();
        // what the first run had done when it stopped: the domain lowered and marked, the user's counter still there
        mongo.getCollection("domain_quotas").updateOne(new Document("_id", domain(carol).get("_id")),
                new Document("$inc", new Document("bytes", -carolUsage.bytes()).append("messages", -carolUsage.messages()))
                        .append("$addToSet", new Document("releasedUsers", userCounter)));

        DeletedUserData deleted = maintenance.deleteUserData(carol);

        assertThat(deleted.quotaBytes()).as("already given back by the run that stopped").isZero();
        assertThat(deleted.messages()).isEqualTo(5);
        assertThat(documents("quotas", carol)).isZero();
        Document domain = domain(carol);
        assertThat(domain.getLong("bytes")).isEqualTo(daveUsage.bytes());
        assertThat(domain.getLong("messages")).isEqualTo(daveUsage.messages());
        assertThat(domain.getList("releasedUsers", String.class)).isEmpty();
    }

    @Test
    void aUserWithNoMailDataIsANoOp() {
        Principal nobody = new Principal("t-none", "u-none", "none@example.com");
        assertThat(maintenance.deleteUserData(nobody)).isEqualTo(new DeletedUserData(0, 0, 0, 0, 0));
    }
}
