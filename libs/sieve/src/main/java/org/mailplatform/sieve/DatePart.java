package org.mailplatform.sieve;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The date-parts of the {@code date} and {@code currentdate} tests (RFC 5260 4.2): what of a
 * date-time, already shifted to the zone asked for, is compared with the keys. Numbers have their
 * fixed width ({@code "07"} for July), so {@code :is} and {@code :value} with {@code i;ascii-numeric}
 * both work; {@code julian} is the Modified Julian Day, unpadded.
 */
enum DatePart {
    YEAR, MONTH, DAY, DATE, JULIAN, HOUR, MINUTE, SECOND, TIME, ISO8601, STD11, ZONE, WEEKDAY;

    /** The Modified Julian Day of 1970-01-01 (MJD 0 is 1858-11-17). */
    private static final long MJD_OF_EPOCH = 40_587;

    private static final DateTimeFormatter STD11_FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss ",
            Locale.ENGLISH);

    /** The part of that name (names compare without case), or null. */
    static DatePart named(String name) {
        for (DatePart p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        return null;
    }

    /** This part of {@code t}. */
    String of(OffsetDateTime t) {
        return switch (this) {
            case YEAR -> "%04d".formatted(t.getYear());
            case MONTH -> "%02d".formatted(t.getMonthValue());
            case DAY -> "%02d".formatted(t.getDayOfMonth());
            case DATE -> "%04d-%02d-%02d".formatted(t.getYear(), t.getMonthValue(), t.getDayOfMonth());
            case JULIAN -> Long.toString(t.toLocalDate().toEpochDay() + MJD_OF_EPOCH);
            case HOUR -> "%02d".formatted(t.getHour());
            case MINUTE -> "%02d".formatted(t.getMinute());
            case SECOND -> "%02d".formatted(t.getSecond());
            case TIME -> "%02d:%02d:%02d".formatted(t.getHour(), t.getMinute(), t.getSecond());
            // RFC 3339's profile of ISO 8601, whole seconds; UTC as "Z"
            case ISO8601 -> DATE.of(t) + "T" + TIME.of(t)
                    + (t.getOffset().getTotalSeconds() == 0 ? "Z" : t.getOffset().getId());
            case STD11 -> STD11_FORMAT.format(t) + zone(t.getOffset());
            case ZONE -> zone(t.getOffset());
            case WEEKDAY -> Integer.toString(t.getDayOfWeek().getValue() % 7); // 0 is Sunday
        };
    }

    /** {@code +hhmm} or {@code -hhmm}; no offset is {@code +0000} (RFC 5260 4.2). */
    static String zone(ZoneOffset offset) {
        int minutes = offset.getTotalSeconds() / 60;
        int abs = Math.abs(minutes);
        return (minutes < 0 ? "-" : "+") + "%02d%02d".formatted(abs / 60, abs % 60);
    }

    /**
     * {@code t} at the same instant in {@code zone}; a zone whose offset then has seconds (the local
     * mean time of zone rules before 1900) is cut to whole minutes, which {@code zone} can say.
     */
    static OffsetDateTime shifted(OffsetDateTime t, java.time.ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(t.toInstant());
        ZoneOffset minutes = ZoneOffset.ofTotalSeconds(offset.getTotalSeconds() / 60 * 60);
        return t.withOffsetSameInstant(minutes);
    }
}
