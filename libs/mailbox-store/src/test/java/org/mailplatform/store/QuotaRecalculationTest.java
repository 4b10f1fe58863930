package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;

/** The operator's repair of a quota counter that drifted from the messages it counts. */
@WithTestStack
class QuotaRecalculationTest extends OneStoreTest {

    private static Principal newUser(String domain) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal p = new Principal("t-" + id, "u-" + id, "u" + id + "@" + domain);
        store.ensureDefaultMailboxes(p);
        return p;
    }

    private static Document counter(String collection, String id) {
        return mongo.getCollection(collection).find(new Document("_id", id)).first();
    }

    private static void drift(String collection, String id, long bytes, long messages) {
        mongo.getCollection(collection).updateOne(new Document("_id", id),
                new Document("$inc", new Document("bytes", bytes).append("messages", messages)));
    }

    private static long number(Document d, String field) {
        return ((Number) d.get(field)).longValue();
    }

    @Test
    void aUserCounterThatDriftedEitherWayIsSetToItsMessagesAndTheDomainToItsUsers() {
        Principal p = newUser("recount.example");
        Principal neighbour = new Principal(p.tenantId(), "n-" + p.userId(), "n" + p.address());
        store.ensureDefaultMailboxes(neighbour);
        AppendResult kept = store.append(p, "INBOX", MailboxStoreContract.message("kept", "x"));
        AppendResult archived = store.append(p, "INBOX", MailboxStoreContract.message("archived", "yy"));
        store.append(p, "INBOX", MailboxStoreContract.message("expunged", "zzz"));
        store.move(p, "INBOX", MessageRange.uids(UidSet.of(archived.uid())), "Archive");
        store.remove(p, "INBOX", MessageRange.uid(3));
        AppendResult other = store.append(neighbour, "INBOX", MailboxStoreContract.message("other", "x"));
        long bytes = kept.size() + archived.size();
        String userId = p.tenantId() + "/" + p.userId();
        String domainId = p.tenantId() + "/recount.example";

        // a crash between the user's and the domain's reservation: the user's counter is high, the domain's right
        drift("quotas", userId, 5000, 1);
        StoreMaintenance.RecalculatedQuota high = maintenance.recalculateQuota(p);
        assertThat(high).isEqualTo(new StoreMaintenance.RecalculatedQuota(bytes + 5000, 3, bytes, 2));
        assertThat(store.quota(p).bytes()).isEqualTo(bytes);
        assertThat(store.quota(p).messages()).isEqualTo(2);
        assertThat(maintenance.recalculateDomainQuota(p.tenantId(), "Recount.Example")).as("nothing to repair")
                .isEqualTo(new StoreMaintenance.RecalculatedQuota(bytes + other.size(), 3, bytes + other.size(), 3));

        // an insert stored but reported lost: both counters are low
        drift("quotas", userId, -kept.size(), -1);
        drift("domain_quotas", domainId, -kept.size(), -1);
        assertThat(maintenance.recalculateQuota(p).messagesBefore()).isEqualTo(1);
        assertThat(store.quota(p).messages()).isEqualTo(2);
        assertThat(maintenance.recalculateDomainQuota(p.tenantId(), "recount.example").messagesBefore()).isEqualTo(2);
        assertThat(number(counter("domain_quotas", domainId), "bytes")).isEqualTo(bytes + other.size());
        assertThat(number(counter("domain_quotas", domainId), "messages")).isEqualTo(3);

        assertThat(maintenance.recalculateQuota(p)).as("nothing to repair")
                .isEqualTo(new StoreMaintenance.RecalculatedQuota(bytes, 2, bytes, 2));
        assertThat(store.quota(neighbour).bytes()).as("another user of the domain is untouched").isEqualTo(other.size());
    }

    @Test
    void aPrincipalKnownOnlyByIdIsRecountedAndMissingCountersAreMadeOnlyWhenThereIsUsage() {
        Principal p = newUser("byid.example");
        AppendResult a = store.append(p, "INBOX", MailboxStoreContract.message("one", "x"));
        String domainId = p.tenantId() + "/byid.example";
        drift("quotas", p.tenantId() + "/" + p.userId(), 100, 0);
        Principal byId = new Principal(p.tenantId(), p.userId(), p.userId());

        assertThat(maintenance.recalculateQuota(byId).bytes()).isEqualTo(a.size());

        mongo.getCollection("domain_quotas").deleteOne(new Document("_id", domainId));
        assertThat(maintenance.recalculateDomainQuota(p.tenantId(), "byid.example"))
                .isEqualTo(new StoreMaintenance.RecalculatedQuota(0, 0, a.size(), 1));
        assertThat(number(counter("domain_quotas", domainId), "messages")).isEqualTo(1);

        mongo.getCollection("quotas").deleteOne(new Document("_id", p.tenantId() + "/" + p.userId()));
        assertThat(maintenance.recalculateQuota(p)).isEqualTo(new StoreMaintenance.RecalculatedQuota(0, 0, a.size(), 1));
        assertThat(store.quota(p).bytes()).isEqualTo(a.size());

        Principal nobody = new Principal(p.tenantId(), "nobody-" + p.userId(), "nobody@byid.example");
        assertThat(maintenance.recalculateQuota(nobody)).isEqualTo(new StoreMaintenance.RecalculatedQuota(0, 0, 0, 0));
        assertThat(counter("quotas", p.tenantId() + "/nobody-" + p.userId())).as("no counter made up").isNull();
    }
}
