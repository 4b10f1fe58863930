package org.mailplatform.store.mongo;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A user's quota usage in collection {@code quotas}; {@code id} is {@code tenant/user}. */
@Document(QuotaDocument.COLLECTION)
record QuotaDocument(@Id String id, String tenantId, String userId, long bytes, long messages) {

    static final String COLLECTION = "quotas";
}
