package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mailbox.gc.BlobGarbageCollector;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code DELETE /api/mail/users/{userId}/data}: admins delete one user's mail data; the GC then deletes the blobs. */
class UserDataApiTest extends AdminApiTest {

    @Autowired
    MailboxStore store;
    @Autowired
    BlobStore blobs;
    @Autowired
    BlobGarbageCollector gc;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    org.mailplatform.store.sieve.SieveScripts sieve;

    static String path(Principal p) {
        return "/api/mail/users/" + p.userId() + "/data?address=" + p.address();
    }

    List<String> blobKeys(Principal p) {
        return store.fetch(p, "INBOX", MessageRange.all()).stream().map(MessageMeta::blobKey).toList();
    }

    @Test
    void anAdminDeletesOneUsersMailDataOnceAndTheCollectorThenDeletesTheirBlobs() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal alice = new Principal("tenant-" + id, "alice-" + id, "alice@" + id + ".example");
        Principal bob = new Principal(alice.tenantId(), "bob-" + id, "bob@" + id + ".example");
        for (Principal p : List.of(alice, bob)) {
            store.ensureDefaultMailboxes(p);
            store.append(p, "INBOX", MailboxApiTest.message("first", Instant.now()));
            store.append(p, "INBOX", MailboxApiTest.message("second", Instant.now()));
        }
        store.remove(alice, "INBOX", MessageRange.uid(1));
        sieve.put(alice, "filter", "keep;");
        sieve.activate(alice, "filter");
        sieve.put(bob, "filter", "keep;");
        List<String> alicesBlobs = blobKeys(alice);
        List<String> bobsBlobs = blobKeys(bob);
        long mailboxes = store.list(alice, "", "*", false).size();
        long bytes = store.quota(alice).bytes();
        double before = meters.get("mail.users.purged").counter().count();

        HttpResponse<String> deleted = delete(path(alice), TestTokens.admin("TENANT", alice.tenantId()));

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"mailboxes\":" + mailboxes + ",\"messages\":2,\"quotaBytes\":" + bytes
                + ",\"quotaMessages\":1,\"sieveScripts\":1}");
        assertThat(store.list(alice, "", "*", false)).isEmpty();
        assertThat(store.quota(alice).bytes()).isZero();
        assertThat(store.uids(bob, "INBOX")).containsExactly(1L, 2L);
        assertThat(sieve.list(alice)).isEmpty();
        assertThat(sieve.list(bob)).hasSize(1);
        assertThat(meters.get("mail.users.purged").counter().count()).isEqualTo(before + 1);

        HttpResponse<String> again = delete(path(alice) + "&tenant=" + alice.tenantId(),
                TestTokens.admin("PLATFORM", null));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"mailboxes\":0,\"messages\":0,\"quotaBytes\":0,\"quotaMessages\":0,\"sieveScripts\":0}");

        gc.run();
        assertThat(alicesBlobs).allSatisfy(key -> assertThat(blobs.exists(new BlobKey(key))).isFalse());
        assertThat(bobsBlobs).allSatisfy(key -> assertThat(blobs.exists(new BlobKey(key))).isTrue());
    }

    @Test
    void theCollectorStillVisitsATenantWhoseLastUsersMailDataWasDeleted() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal dave = new Principal("tenant-" + id, "dave-" + id, "dave@" + id + ".example");
        store.ensureDefaultMailboxes(dave);
        store.append(dave, "INBOX", MailboxApiTest.message("only user", Instant.now()));
        List<String> davesBlobs = blobKeys(dave);

        // without ?address=: the domain counter is the one dave's own quota counter recorded
        HttpResponse<String> deleted = delete("/api/mail/users/" + dave.userId() + "/data",
                TestTokens.admin("TENANT", dave.tenantId()));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.body()).contains("\"messages\":1", "\"quotaMessages\":1");
        gc.run();

        assertThat(davesBlobs).singleElement().satisfies(key -> assertThat(blobs.exists(new BlobKey(key))).isFalse());
    }

    @Test
    void onlyAnAdminOfTheUsersTenantMayAndANamedAddressMustHaveADomain() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal carol = new Principal("tenant-" + id, "carol-" + id, "carol@" + id + ".example");
        store.ensureDefaultMailboxes(carol);
        store.append(carol, "INBOX", MailboxApiTest.message("kept", Instant.now()));

        assertThat(delete(path(carol), null).statusCode()).isEqualTo(401);
        assertThat(delete(path(carol), TestTokens.user(carol)).statusCode()).as("a user's own token").isEqualTo(403);
        assertThat(delete(path(carol) + "&tenant=" + carol.tenantId(), TestTokens.admin("TENANT", "other-tenant"))
                .statusCode()).isEqualTo(403);
        assertThat(delete(path(carol), TestTokens.admin("PLATFORM", null)).statusCode()).as("no ?tenant=")
                .isEqualTo(400);
        assertThat(delete("/api/mail/users/" + carol.userId() + "/data?address=carol", TestTokens.admin("TENANT",
                carol.tenantId())).statusCode()).as("an ?address= without domain").isEqualTo(400);
        assertThat(store.uids(carol, "INBOX")).containsExactly(1L);

        HttpResponse<String> unknown = delete("/api/mail/users/no-such-user/data?address=x@" + id + ".example",
                TestTokens.admin("TENANT", carol.tenantId()));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).contains("\"mailboxes\":0", "\"messages\":0");
    }
}
