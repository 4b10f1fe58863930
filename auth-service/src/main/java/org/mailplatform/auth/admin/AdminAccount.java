package org.mailplatform.auth.admin;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Someone who may use the admin API: a platform admin, or an admin of one tenant.
 *
 * @param username     login name (not a mail address; unique across the platform)
 * @param passwordHash Argon2id hash
 * @param tenantId     the tenant of a {@link AdminRole#TENANT} admin, {@code null} for platform
 *                     admins
 */
@Document("admins")
public record AdminAccount(@Id String username, String passwordHash, AdminRole role, String tenantId,
        Instant createdAt) {

    public AdminAccount withPasswordHash(String hash) {
        return new AdminAccount(username, hash, role, tenantId, createdAt);
    }
}
