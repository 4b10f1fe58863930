package org.mailplatform.store.mongo;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user's quota usage in collection {@code quotas}; {@code id} is {@code tenant/user}.
 *
 * @param domainId the id of the domain counter the user's usage is also counted in, recorded by every
 *                 reservation made with the user's address, so a background job or an admin call
 *                 that knows the user only by id gives usage back to the right domain; null in a
 *                 document no reservation has touched since this field was added
 */
@Document(QuotaDocument.COLLECTION)
record QuotaDocument(@Id String id, String tenantId, String userId, long bytes, long messages, String domainId) {

    static final String COLLECTION = "quotas";
}
