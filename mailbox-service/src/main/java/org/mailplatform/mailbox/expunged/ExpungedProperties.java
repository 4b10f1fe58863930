package org.mailplatform.mailbox.expunged;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the store remembers expunged messages for QRESYNC clients (their UIDs for VANISHED).
 *
 * @param enabled  run the purge (default true)
 * @param keep     expunges older than this are forgotten (default 30d); a QRESYNC client that last
 *                 synced before then is told every absent UID as vanished instead
 * @param interval pause between runs (default 6h); a forgotten expunge's document goes one run after
 *                 it is marked, so it stays at most {@code keep} plus two intervals
 */
@ConfigurationProperties("mail.mailbox.expunged")
public record ExpungedProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30d") Duration keep,
                                 @DefaultValue("6h") Duration interval) {

    public ExpungedProperties {
        if (keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("mail.mailbox.expunged.keep must be positive, was " + keep);
        }
    }
}
