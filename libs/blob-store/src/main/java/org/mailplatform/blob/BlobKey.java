package org.mailplatform.blob;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The key of an immutable blob, where the prefix is the tenant (mailbox copies) or a fixed area such
 * as {@code inbound}. Two layouts: {@code <prefix>/<yyyy>/<mm>/<uuid>} ({@link #newFor}, a tenant's
 * blobs) and {@code <prefix>/<yyyy>/<mm>/<dd>/<hh>/<uuid>} ({@link #newHourly}, queue areas). Keys
 * are generated, never taken from the wire, and restricted to a safe alphabet so no key can climb
 * out of its prefix.
 *
 * @param value the full object key
 */
public record BlobKey(String value) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

    public BlobKey {
        Objects.requireNonNull(value, "value");
        if (value.length() > 512 || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid blob key: " + value);
        }
    }

    /** A new, unique key under {@code prefix}, bucketed by the month of {@code now} (UTC). */
    public static BlobKey newFor(String prefix, Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        return new BlobKey("%s/%04d/%02d/%s".formatted(prefix, utc.getYear(), utc.getMonthValue(), UUID.randomUUID()));
    }

    /**
     * A new, unique key under {@code prefix}, bucketed by the hour of {@code now} (UTC):
     * {@code <prefix>/<yyyy>/<mm>/<dd>/<hh>/<uuid>}. The layout of queue areas, whose bodies are
     * collected by age: a sweep lists the one hour that just passed the retention, not a month.
     */
    public static BlobKey newHourly(String prefix, Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        return new BlobKey("%s/%04d/%02d/%02d/%02d/%s".formatted(prefix, utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour(), UUID.randomUUID()));
    }

    @Override
    public String toString() {
        return value;
    }
}
