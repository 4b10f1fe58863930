package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;

/**
 * Background jobs (Trash retention) and admin REST calls name a user by id: their principal has no
 * address, so no domain. What they free or move must still be counted in the user's domain counter,
 * which the user's own appends recorded; before, it went to a counter named after the user id and
 * the real domain's usage only ever grew.
 */
@WithTestStack
class DomainQuotaByIdTest extends OneStoreTest {

    private static Document domainCounter(Principal p, String domain) {
        return mongo.getCollection("domain_quotas").find(new Document("_id", p.tenantId() + "/" + domain)).first();
    }

    private static long number(Document d, String field) {
        return d == null ? 0 : ((Number) d.get(field)).longValue();
    }

    /** The owner of {@code p}'s Trash as the retention job gets it: ids only. */
    private static Principal byId(Principal p) {
        return new StoreMaintenance(mongo).mailboxesWithSpecialUse(SpecialUse.TRASH).stream()
                .map(StoreMaintenance.OwnedMailbox::owner)
                .filter(o -> o.tenantId().equals(p.tenantId()) && o.userId().equals(p.userId()))
                .findFirst().orElseThrow();
    }

    @Test
    void whatAPrincipalWithoutAddressMovesOrDeletesIsCountedInTheUsersDomain() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal p = new Principal("t-" + id, "u-" + id, "u" + id + "@quota.example");
        store.ensureDefaultMailboxes(p);
        AppendResult a = store.append(p, "INBOX", MailboxStoreContract.message("one", "x"));
        AppendResult b = store.append(p, "INBOX", MailboxStoreContract.message("two", "y"));
        long bytes = a.size() + b.size();
        assertThat(number(domainCounter(p, "quota.example"), "bytes")).isEqualTo(bytes);

        Principal owner = byId(p);
        assertThat(owner.address()).doesNotContain("@");
        store.move(owner, "INBOX", MessageRange.uids(UidSet.of(a.uid())), "Trash");
        assertThat(number(domainCounter(p, "quota.example"), "bytes")).as("a move changes no usage").isEqualTo(bytes);
        assertThat(number(domainCounter(p, "quota.example"), "messages")).isEqualTo(2);

        store.remove(owner, "Trash", MessageRange.all());
        store.remove(owner, "INBOX", MessageRange.all());

        assertThat(number(domainCounter(p, "quota.example"), "bytes")).isZero();
        assertThat(number(domainCounter(p, "quota.example"), "messages")).isZero();
        assertThat(domainCounter(p, owner.userId().toLowerCase(java.util.Locale.ROOT)))
                .as("no counter named after the user id").isNull();
        assertThat(store.quota(p).bytes()).isZero();
        assertThat(store.fetch(p, "INBOX", MessageRange.all())).isEmpty();
    }
}
