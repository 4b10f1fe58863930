package org.mailplatform.auth.tenant;

import java.time.Instant;
import java.util.regex.Pattern;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A customer of the hosting provider: it owns domains (and through them users and aliases) and
 * has its own admins, who never see another tenant's data.
 *
 * @param id          short stable id, lower-case letters, digits and hyphens (e.g. {@code acme})
 * @param displayName human name
 */
@Document("tenants")
public record Tenant(@Id String id, String displayName, Instant createdAt) {

    private static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62})");

    /**
     * A tenant's mailbox blobs are stored under its id as key prefix, next to the queued message
     * bodies under {@code inbound/} (smtp-ingress's {@code mail.smtp.blob-prefix}). A tenant of that
     * name would share the queue's keys: delivery-service's sweeper would delete its mail after the
     * queue retention, and mailbox-service's blob GC would delete queued bodies no message refers to.
     */
    public static final String RESERVED_ID = "inbound";

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static boolean isReservedId(String id) {
        return RESERVED_ID.equals(id);
    }
}
