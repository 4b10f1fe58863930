package org.mailplatform.mailbox.retention;

import java.time.Duration;
import java.util.List;

import org.mailplatform.store.SpecialUse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention: messages older than a rule's age (by INTERNALDATE) are expunged from every mailbox with
 * that special use, or from every user's mailbox of that name.
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

    /**
     * Messages older than {@code maxAge} are expunged from every mailbox with {@code specialUse}, or
     * from every user's mailbox named {@code mailbox} (e.g. {@code Lists/Newsletters}); a rule names
     * exactly one of the two.
     */
    public record Rule(SpecialUse specialUse, String mailbox, Duration maxAge) {

        public Rule {
            if ((specialUse == null) == (mailbox == null || mailbox.isBlank())) {
                throw new IllegalArgumentException(
                        "a retention rule needs either special-use or mailbox, not both or neither");
            }
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("a retention rule needs a positive max-age");
            }
        }

        /** The value of the metric's {@code specialUse} tag: the special use, or NONE for a named mailbox. */
        String tag() {
            return specialUse == null ? "NONE" : specialUse.name();
        }
    }
}
