package org.mailplatform.mailbox.gc;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The blob garbage collector (ADR 0209): each run collects the blobs that messages stopped referring
 * to since the last run, and now and then walks every tenant's blobs whole.
 *
 * @param enabled          run it (default true)
 * @param interval         pause between runs (default 1h)
 * @param gracePeriod      only blobs released (and, on the walk, written) longer ago than this are
 *                         candidates, so an append that has written its blob but not yet its message
 *                         document, or a COPY of a message being expunged, is never robbed (default 24h)
 * @param fullWalkInterval how often a run also lists every tenant's blobs to find those no release
 *                         names (an append that died between the blob and the document, a collector
 *                         stopped for longer than the expunges are kept); the only S3 listing the
 *                         collector does (default 7d, zero: never)
 * @param batchSize        keys per page: per listing of the walk, per page of released keys and per
 *                         reference query (default 10000)
 * @param queuePrefixes    blob key prefixes that are delivery-service's queues, whose bodies its own
 *                         sweeper deletes (ADR 0208): a released key under one ({@code <prefix>/...})
 *                         is never deleted here (default {@code inbound})
 * @param fullWalkPagesPerRun the most pages of {@code batch-size} keys one run lists of the full walk;
 *                         a walk that has more goes on, from where it stopped, in the next runs until
 *                         it reaches the end (default 0: no limit, a walk ends in the run that began it)
 */
@ConfigurationProperties("mail.mailbox.gc")
public record GcProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration interval,
                           @DefaultValue("24h") Duration gracePeriod, @DefaultValue("7d") Duration fullWalkInterval,
                           @DefaultValue("10000") int batchSize, @DefaultValue("inbound") List<String> queuePrefixes,
                           @DefaultValue("0") int fullWalkPagesPerRun) {

    public GcProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("mail.mailbox.gc.interval must be positive, was " + interval);
        }
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("mail.mailbox.gc.grace-period must not be negative, was " + gracePeriod);
        }
        if (fullWalkInterval.isNegative()) {
            throw new IllegalArgumentException("mail.mailbox.gc.full-walk-interval must not be negative (zero: no walk), was "
                    + fullWalkInterval);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("mail.mailbox.gc.batch-size must be at least 1, was " + batchSize);
        }
        if (fullWalkPagesPerRun < 0) {
            throw new IllegalArgumentException("mail.mailbox.gc.full-walk-pages-per-run must not be negative (zero: no"
                    + " limit), was " + fullWalkPagesPerRun);
        }
        queuePrefixes = queuePrefixes == null ? List.of() : List.copyOf(queuePrefixes);
        for (String prefix : queuePrefixes) {
            // a prefix names one top-level area of the bucket; a slash or an empty one would match more
            if (prefix.isBlank() || prefix.contains("/")) {
                throw new IllegalArgumentException("mail.mailbox.gc.queue-prefixes: not a key prefix: '" + prefix + "'");
            }
        }
    }
}
