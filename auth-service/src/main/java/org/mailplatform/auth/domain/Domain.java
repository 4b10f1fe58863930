package org.mailplatform.auth.domain;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A mail domain hosted for a tenant, or a domain alias of one ({@code aliasOf}: every address of
 * this domain means the same local part in the other domain).
 *
 * @param id              lower-case A-label form, the key of every lookup
 * @param unicode         U-label form for display
 * @param tenantId        owning tenant
 * @param aliasOf         A-label of the domain this one is an alias of, or {@code null}
 * @param catchAllTargets where mail to unknown local parts goes; empty: refuse it
 * @param quota           limits for the whole domain
 */
@Document("domains")
public record Domain(@Id String id, String unicode, String tenantId, String aliasOf, List<String> catchAllTargets,
        Quota quota, Instant createdAt) {

    public Domain {
        catchAllTargets = catchAllTargets == null ? List.of() : List.copyOf(catchAllTargets);
        quota = Quota.orUnlimited(quota);
    }

    public boolean isAlias() {
        return aliasOf != null;
    }

    public Domain withCatchAll(List<String> targets) {
        return new Domain(id, unicode, tenantId, aliasOf, targets, quota, createdAt);
    }

    public Domain withQuota(Quota newQuota) {
        return new Domain(id, unicode, tenantId, aliasOf, catchAllTargets, newQuota, createdAt);
    }
}
