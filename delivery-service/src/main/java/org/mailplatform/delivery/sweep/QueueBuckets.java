package org.mailplatform.delivery.sweep;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time buckets of queue keys. Queued bodies are written under
 * {@code <prefix>/<yyyy>/<mm>/<dd>/<hh>/<uuid>} ({@code BlobKey.newHourly}); bodies queued before
 * that under {@code <prefix>/<yyyy>/<mm>/<uuid>} ({@code BlobKey.newFor}). A bucket holds the keys
 * written from its start (UTC) to its end, so once its end has passed the cutoff every body in it
 * was written before the cutoff.
 *
 * @param hours the starts of the hour buckets to walk, oldest first
 */
record QueueBuckets(List<Instant> hours) {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Pattern HOURLY = Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/[^/]+");
    private static final Pattern MONTHLY = Pattern.compile("(\\d{4})/(\\d{2})/[^/]+");

    QueueBuckets {
        hours = List.copyOf(hours);
    }

    /** How many hour buckets end after {@code after} and no later than {@code upTo}. */
    static long countEnding(Instant after, Instant upTo) {
        return Math.max(0, Duration.between(hourOf(after), hourOf(upTo)).toHours());
    }

    /**
     * The hour buckets that end after {@code after} and no later than {@code upTo}, the oldest
     * {@code max} of them at most.
     */
    static QueueBuckets ending(Instant after, Instant upTo, long max) {
        List<Instant> hours = new ArrayList<>();
        // the bucket starting at h ends at h + 1h: after < h + 1h <= upTo
        for (Instant h = hourOf(after); !h.plus(HOUR).isAfter(upTo) && hours.size() < max; h = h.plus(HOUR)) {
            hours.add(h);
        }
        return new QueueBuckets(hours);
    }

    /** The end of the last bucket walked, or {@code null} when there is none. */
    Instant end() {
        return hours.isEmpty() ? null : hours.getLast().plus(HOUR);
    }

    /** The key prefix of the hour starting at {@code hour} under {@code prefix}, as {@code BlobKey.newHourly} writes it. */
    static String hourPrefix(String prefix, Instant hour) {
        ZonedDateTime utc = hour.atZone(ZoneOffset.UTC);
        return "%s/%04d/%02d/%02d/%02d/".formatted(prefix, utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(),
                utc.getHour());
    }

    /**
     * When the bucket of {@code key} ends: the end of its hour, or for a key of the month layout
     * the start of the next month. Empty when the key is not under {@code prefix/} or has neither
     * layout (a key of another area, or not one the queue writes).
     */
    static Optional<Instant> end(String prefix, String key) {
        if (!key.startsWith(prefix + "/")) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length() + 1);
        try {
            Matcher m = HOURLY.matcher(rest);
            if (m.matches()) {
                return Optional.of(LocalDate.of(number(m, 1), number(m, 2), number(m, 3))
                        .atTime(number(m, 4), 0).toInstant(ZoneOffset.UTC).plus(HOUR));
            }
            m = MONTHLY.matcher(rest);
            if (m.matches()) {
                return Optional.of(LocalDate.of(number(m, 1), number(m, 2), 1).plusMonths(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC));
            }
        } catch (java.time.DateTimeException e) {
            // digits that are no date (a month 13): not a key the queue wrote
        }
        return Optional.empty();
    }

    /** As {@link #end}, for a key of the hour layout only. */
    static Optional<Instant> hourEnd(String prefix, String key) {
        return key.startsWith(prefix + "/") && HOURLY.matcher(key.substring(prefix.length() + 1)).matches()
                ? end(prefix, key) : Optional.empty();
    }

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static Instant hourOf(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }
}
