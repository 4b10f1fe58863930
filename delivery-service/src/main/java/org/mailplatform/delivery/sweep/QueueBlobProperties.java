package org.mailplatform.delivery.sweep;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long queued message bodies are kept ({@code mail.delivery.queue-blobs.*}). smtp-ingress and
 * the DSN writer put every queued body under {@code <prefix>/<yyyy>/<mm>/<dd>/<hh>/<uuid>}; local
 * delivery stores messages by reference to it, so once every recipient is delivered, bounced or
 * expired the queued body is needed only while a mailbox message refers to it. No single place
 * knows when the queue is done with it (the router fans out, retries run for up to the retry max
 * age, DSNs are queued again), so bodies are removed by age, and only when no message refers to
 * them (ADR 0209).
 *
 * @param enabled          run the sweeper (default true)
 * @param prefixes         blob prefixes of queued mail (default {@code inbound}: smtp-ingress's
 *                         {@code mail.smtp.blob-prefix} and {@code mail.delivery.dsn.blob-prefix});
 *                         never a tenant id, whose mailbox blobs live under the tenant id
 * @param retention        a queued body is deleted once it is older than this (default 7d); must
 *                         exceed {@code mail.delivery.retry.max-age} by more than a day
 * @param interval         pause between runs (default 1h); the first run is one interval after start
 * @param fullWalkInterval how often one run lists every key under a prefix instead of only the
 *                         hours that passed the retention (default 7d): the first run after an
 *                         upgrade, keys of the old month layout, bodies whose release was missed.
 *                         Zero: never, not even on the first run
 * @param pageSize         keys listed per request, the most held in memory at once (default 1000)
 * @param fullWalkPagesPerRun the most pages one run lists of a prefix's full walk; a walk that has
 *                         more goes on from where it stopped in the next runs, which then do their
 *                         window and released passes too (default 0: no limit, a walk ends in the run
 *                         that began it)
 */
@ConfigurationProperties("mail.delivery.queue-blobs")
public record QueueBlobProperties(@DefaultValue("true") boolean enabled, @DefaultValue("inbound") List<String> prefixes,
                                  @DefaultValue("7d") Duration retention, @DefaultValue("1h") Duration interval,
                                  @DefaultValue("7d") Duration fullWalkInterval, @DefaultValue("1000") int pageSize,
                                  @DefaultValue("0") int fullWalkPagesPerRun) {

    /** A deferred message is retried (and finally bounced from its body) for this much beyond the max age. */
    static final Duration MARGIN = Duration.ofDays(1);

    /** One key segment, as {@link org.mailplatform.blob.BlobKey} allows it. */
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public QueueBlobProperties {
        prefixes = List.copyOf(prefixes);
    }

    /**
     * How young a queued message must be for local delivery to store it by reference to its queued
     * blob: the retention less the margin, so a sweep never finds such a blob old enough to delete
     * while its delivery is still adding the reference. Without a sweeper, always.
     */
    public Duration referenceWindow() {
        return enabled ? retention.minus(MARGIN) : ChronoUnit.FOREVER.getDuration();
    }

    /** Whether a run may list every key of a prefix ({@code full-walk-interval} not zero). */
    public boolean fullWalks() {
        return fullWalkInterval.isPositive();
    }

    /**
     * Refuses settings under which the sweeper would delete a body that is still needed or never
     * reach the ones it should delete.
     *
     * @param retryMaxAge {@code mail.delivery.retry.max-age}: a message deferred that long still
     *                    needs its body for the last attempt and the DSN that quotes it
     * @throws IllegalStateException naming the property to change
     */
    public void check(Duration retryMaxAge) {
        if (retention.compareTo(retryMaxAge.plus(MARGIN)) <= 0) {
            throw new IllegalStateException("mail.delivery.queue-blobs.retention (" + retention
                    + ") must be longer than mail.delivery.retry.max-age (" + retryMaxAge + ") plus " + MARGIN.toDays()
                    + " day: a deferred message still needs its queued body until it is delivered or bounced");
        }
        if (prefixes.isEmpty() || !prefixes.stream().allMatch(p -> PREFIX.matcher(p).matches())) {
            throw new IllegalStateException("mail.delivery.queue-blobs.prefixes must be one or more blob key prefixes"
                    + " without '/', got " + prefixes);
        }
        if (fullWalkInterval.isNegative()) {
            throw new IllegalStateException("mail.delivery.queue-blobs.full-walk-interval must not be negative (zero:"
                    + " never), got " + fullWalkInterval);
        }
        if (fullWalkPagesPerRun < 0) {
            throw new IllegalStateException("mail.delivery.queue-blobs.full-walk-pages-per-run must not be negative"
                    + " (zero: no limit), got " + fullWalkPagesPerRun);
        }
        if (pageSize < 1 || !interval.isPositive()) {
            throw new IllegalStateException("mail.delivery.queue-blobs.page-size and interval must be positive");
        }
    }
}
