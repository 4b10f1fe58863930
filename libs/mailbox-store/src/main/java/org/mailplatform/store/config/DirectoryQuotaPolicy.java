package org.mailplatform.store.config;

import org.mailplatform.directory.client.DirectoryQuotas;
import org.mailplatform.directory.client.QuotaResult;
import org.mailplatform.model.Principal;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.StoreUnavailableException;

/**
 * The user and domain quotas operators set in the directory, for the store's atomic quota check at
 * delivery, IMAP APPEND and COPY. A directory that cannot answer fails the operation as
 * {@link StoreUnavailableException} (a temporary failure: delivery pauses, IMAP answers
 * {@code NO [UNAVAILABLE]}) rather than storing past a limit or refusing mail wrongly. The answers
 * are cached by the directory client.
 */
public final class DirectoryQuotaPolicy implements QuotaPolicy {

    private final DirectoryQuotas quotas;

    public DirectoryQuotaPolicy(DirectoryQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public Limits limitsFor(Principal principal) {
        return switch (quotas.quotaOf(principal)) {
            case QuotaResult.Limits l -> new Limits(orUnlimited(l.userMaxBytes()), orUnlimited(l.userMaxMessages()),
                    orUnlimited(l.domainMaxBytes()), orUnlimited(l.domainMaxMessages()));
            case QuotaResult.UnknownUser u -> new Limits(0, 0);
            case QuotaResult.Unavailable u -> throw new StoreUnavailableException(
                    "quota limits unavailable: " + u.detail(), null);
        };
    }

    private static long orUnlimited(Long limit) {
        return limit == null ? 0 : limit;
    }
}
