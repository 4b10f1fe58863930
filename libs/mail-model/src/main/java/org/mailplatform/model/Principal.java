package org.mailplatform.model;

import java.util.Objects;

/**
 * An authenticated user of the platform, as the directory vouches for it. Every mailbox-store call
 * takes one; nothing taken from the wire (a login name, a mailbox name) ever stands in for it.
 *
 * @param tenantId the tenant the user belongs to
 * @param userId   the user's stable id (survives renames of the address)
 * @param address  the user's primary address, e.g. {@code alice@example.com}
 */
public record Principal(String tenantId, String userId, String address) {

    public Principal {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(address, "address");
    }
}
