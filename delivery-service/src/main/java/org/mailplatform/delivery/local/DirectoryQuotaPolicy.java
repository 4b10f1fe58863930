package org.mailplatform.delivery.local;

import org.mailplatform.delivery.router.DirectoryUnavailableException;
import org.mailplatform.directory.client.DirectoryQuotas;
import org.mailplatform.directory.client.QuotaResult;
import org.mailplatform.model.Principal;
import org.mailplatform.store.QuotaPolicy;

/**
 * The user quota operators set in the directory, for mailbox-store's atomic quota check at
 * delivery. A directory that cannot answer makes the append fail with
 * {@link DirectoryUnavailableException}, so the local stage pauses instead of delivering past the
 * quota or bouncing wrongly. Domain-wide limits are not enforced here (mailbox-store's quota
 * ledger is per user).
 */
public final class DirectoryQuotaPolicy implements QuotaPolicy {

    private final DirectoryQuotas quotas;

    public DirectoryQuotaPolicy(DirectoryQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Limits limitsFor(Principal principal) {
        return switch (quotas.quotaOf(principal)) {
            case QuotaResult.Limits l -> new Limits(orUnlimited(l.userMaxBytes()), orUnlimited(l.userMaxMessages()));
            case QuotaResult.UnknownUser u -> new Limits(0, 0);
            case QuotaResult.Unavailable u -> throw new DirectoryUnavailableException(u.detail());
        };
    }

    private static long orUnlimited(Long limit) {
        return limit == null ? 0 : limit;
    }
}
