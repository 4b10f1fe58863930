package org.mailplatform.mailauth.dmarc;

import java.util.Locale;
import java.util.Optional;

/**
 * A Domain Owner's requested handling of mail that fails DMARC (RFC 7489 6.3, tags {@code p} and {@code sp}),
 * ordered from the least to the most strict so that pct sampling (6.6.4) can step down with {@link #weaker()}.
 */
public enum Policy {
    NONE,
    QUARANTINE,
    REJECT;

    /** The tag value as written in a record and in Authentication-Results comments. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The next less strict policy, what a message sampled out by {@code pct} gets (6.6.4): reject becomes
     * quarantine, quarantine becomes none, none stays none.
     */
    public Policy weaker() {
        return this == NONE ? NONE : values()[ordinal() - 1];
    }

    /** The policy a tag value names, case-insensitively (RFC 5234 quoted strings); empty for anything else. */
    public static Optional<Policy> fromToken(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Policy p : values()) {
            if (p.token().equalsIgnoreCase(value.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
