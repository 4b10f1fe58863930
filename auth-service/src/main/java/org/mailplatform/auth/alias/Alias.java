package org.mailplatform.auth.alias;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An address that stands for one or more others, local or remote (Postfix virtual alias).
 *
 * @param id             address key (case-folded local part {@code @} A-label domain)
 * @param displayAddress the address as given
 * @param targets        addresses mail is redirected to
 */
@Document("aliases")
public record Alias(@Id String id, String tenantId, String domain, String displayAddress, List<String> targets,
        Instant createdAt) {

    public Alias {
        targets = List.copyOf(targets);
    }
}
