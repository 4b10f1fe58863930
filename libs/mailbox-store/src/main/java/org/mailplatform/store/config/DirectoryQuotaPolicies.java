package org.mailplatform.store.config;

import org.mailplatform.directory.client.DirectoryQuotas;
import org.mailplatform.store.QuotaPolicy;
import org.springframework.context.ApplicationContext;

/**
 * Looks up the directory client only when its classes are there: the directory client is an optional
 * dependency of mailbox-store, so this class is loaded only after that check.
 */
final class DirectoryQuotaPolicies {

    private DirectoryQuotaPolicies() {
    }

    /** A policy over the context's directory client, or null when the service has none. */
    static QuotaPolicy fromContext(ApplicationContext context) {
        DirectoryQuotas quotas = context.getBeanProvider(DirectoryQuotas.class).getIfAvailable();
        return quotas == null ? null : new DirectoryQuotaPolicy(quotas);
    }
}
