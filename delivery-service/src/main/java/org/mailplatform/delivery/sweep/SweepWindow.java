package org.mailplatform.delivery.sweep;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sweep looks at: blobs written before {@code cutoff}, found under the key months from
 * {@code lookbackMonths} before now up to the month of the cutoff. A key's month is the month it
 * was written in (UTC), so a later month holds no blob old enough yet.
 *
 * @param cutoff blobs last modified before this are deleted
 * @param months the key months to walk, oldest first
 */
record SweepWindow(Instant cutoff, List<YearMonth> months) {

    SweepWindow {
        months = List.copyOf(months);
    }

    static SweepWindow at(Instant now, Duration retention, int lookbackMonths) {
        Instant cutoff = now.minus(retention);
        YearMonth last = YearMonth.from(cutoff.atZone(ZoneOffset.UTC));
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(lookbackMonths); !m.isAfter(last);
             m = m.plusMonths(1)) {
            months.add(m);
        }
        return new SweepWindow(cutoff, months);
    }

    /** The key prefix of {@code month} under {@code prefix}, as {@code BlobKey.newFor} writes it. */
    static String monthPrefix(String prefix, YearMonth month) {
        return "%s/%04d/%02d/".formatted(prefix, month.getYear(), month.getMonthValue());
    }
}
