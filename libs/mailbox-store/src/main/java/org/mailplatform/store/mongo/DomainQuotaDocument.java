package org.mailplatform.store.mongo;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The quota usage of all users of one domain together, in collection {@code domain_quotas}; {@code id}
 * is {@code tenant/domain}. Kept beside the users' counters by every reservation and release, limited
 * or not, so that a limit an operator sets later starts from the true usage.
 */
@Document(DomainQuotaDocument.COLLECTION)
record DomainQuotaDocument(@Id String id, String tenantId, String domain, long bytes, long messages) {

    static final String COLLECTION = "domain_quotas";
}
