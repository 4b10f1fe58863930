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

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
