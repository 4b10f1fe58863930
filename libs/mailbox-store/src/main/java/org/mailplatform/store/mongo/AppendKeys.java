package org.mailplatform.store.mongo;

import org.mailplatform.model.Principal;

/**
 * The {@code _id} of a message appended with an idempotency key: the owner and the key in one string,
 * so MongoDB's own {@code _id} index refuses a repeated key for the same user and no second unique
 * index is kept up on every insert (ADR 0205). Messages appended without a key, copies and tombstones
 * get an ObjectId.
 */
final class AppendKeys {

    /** No ObjectId's hex form starts like this, so readers never mistake one for the other. */
    static final String PREFIX = "k:";

    private AppendKeys() {
    }

    /**
     * {@code k:<tenant>/<user>/<key>}, with {@code %} and {@code /} escaped in the tenant and user ids,
     * so two owners can never produce the same id; the key itself comes last and is kept as it is.
     */
    static String documentId(Principal p, String key) {
        return PREFIX + escape(p.tenantId()) + "/" + escape(p.userId()) + "/" + key;
    }

    /** {@code %} and {@code /} escaped, so ids joined with {@code /} never collide. */
    static String escape(String id) {
        return id.replace("%", "%25").replace("/", "%2F");
    }
}
