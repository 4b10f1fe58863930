package org.mailplatform.imap.codec;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/** IMAP's {@code date} and {@code date-time} (RFC 9051 section 9), e.g. {@code 17-Jul-1996 02:44:25 -0700}. */
public final class ImapDates {

    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    private ImapDates() {
    }

    /** {@code date}: {@code 1-Feb-1994} or {@code 01-Feb-1994}. */
    public static LocalDate parseDate(String s) {
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeException e) {
            throw new ImapSyntaxException("invalid date '" + s + "'");
        }
    }

    /** {@code date-time}; the day may be padded with a space ({@code " 7-Jul-1996 ..."}). */
    public static OffsetDateTime parseDateTime(String s) {
        try {
            return OffsetDateTime.parse(s.strip(), DATE_TIME);
        } catch (DateTimeException e) {
            throw new ImapSyntaxException("invalid date-time '" + s + "'");
        }
    }

    /** The INTERNALDATE form, e.g. {@code 07-Jul-1996 02:44:25 +0000}. */
    public static String format(OffsetDateTime t) {
        return OUT.format(t);
    }

    public static String format(java.time.Instant t) {
        return OUT.format(t.atOffset(ZoneOffset.UTC));
    }
}
