package org.mailplatform.auth.user;

import java.time.Instant;

import org.mailplatform.auth.domain.Quota;
import org.mailplatform.model.Principal;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A mailbox user. The login is the full address; {@code addressKey} (case-folded local part,
 * A-label domain) is unique and is what lookups use, the local part is kept as given.
 *
 * @param id           stable user id (survives a rename)
 * @param passwordHash Argon2id (or an imported bcrypt hash until the next login); never leaves
 *                     the service
 */
@Document("users")
public record User(@Id String id, String tenantId, String domain, String localPart, String addressKey,
        String displayAddress, String passwordHash, UserState state, Quota quota, Instant createdAt) {

    public User {
        quota = Quota.orUnlimited(quota);
    }

    public Principal principal() {
        return new Principal(tenantId, id, displayAddress);
    }
}
