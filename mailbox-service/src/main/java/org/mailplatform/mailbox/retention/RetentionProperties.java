package org.mailplatform.mailbox.retention;

import java.time.Duration;
import java.util.List;

import org.mailplatform.store.SpecialUse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention: messages older than a rule's age (by INTERNALDATE) are expunged from every mailbox with
 * that special use.
 *
 * @param enabled  run it (default true)
 * @param interval pause between runs (default 1h)
 * @param rules    e.g. Trash 30 days, Junk 30 days
 */
@ConfigurationProperties("mail.mailbox.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
                                  List<Rule> rules) {

    public RetentionProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Messages in mailboxes with {@code specialUse} older than {@code maxAge} are expunged. */
    public record Rule(SpecialUse specialUse, Duration maxAge) {
    }
}
