package org.mailplatform.mime;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the date-time of a header field (RFC 5322 3.3, with the obsolete forms of 4.3 that old and
 * broken mailers still send: two- and three-digit years, named zones, comments, missing seconds): for
 * Sieve's {@code date} test (RFC 5260 4) and IMAP's SENTBEFORE, SENTON and SENTSINCE (RFC 9051
 * 6.4.4). Anything else, or a date the calendar does not have (February 30th), is no date: null, and
 * the test is false. A leap second (60) is read as 59, as Java's time has
 * none. Only the first {@value #MAX_LENGTH} characters are looked at: a date is short, a header field
 * may not be.
 */
public final class MailDate {

    static final int MAX_LENGTH = 200;

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** RFC 5322 4.3: the named zones; any other letters (the military zones) mean "-0000", no known offset. */
    private static final Map<String, Integer> NAMED_ZONES = Map.ofEntries(Map.entry("ut", 0),
            Map.entry("gmt", 0), Map.entry("z", 0), Map.entry("est", -5), Map.entry("edt", -4), Map.entry("cst", -6),
            Map.entry("cdt", -5), Map.entry("mst", -7), Map.entry("mdt", -6), Map.entry("pst", -8),
            Map.entry("pdt", -7));

    private MailDate() {
    }

    /**
     * The date-time of a field's value; a {@code Received} field's is after its last semicolon
     * (RFC 5322 3.6.7).
     */
    public static OffsetDateTime ofField(String name, String value) {
        if (value == null) {
            return null;
        }
        if (name.equalsIgnoreCase("received")) {
            int semicolon = value.lastIndexOf(';');
            if (semicolon < 0) {
                return null;
            }
            value = value.substring(semicolon + 1);
        }
        return parse(value);
    }

    /** The date-time {@code text} spells, or null. */
    public static OffsetDateTime parse(String text) {
        List<String> t = tokens(text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) : text);
        int i = 0;
        if (i < t.size() && DAYS.contains(t.get(i).toLowerCase(Locale.ROOT))) {
            i++;
        }
        if (t.size() - i < 4 || t.size() - i > 5) {
            return null;
        }
        try {
            int day = number(t.get(i), 1, 2);
            int month = MONTHS.indexOf(t.get(i + 1).toLowerCase(Locale.ROOT)) + 1;
            int year = year(t.get(i + 2));
            LocalTime time = time(t.get(i + 3));
            ZoneOffset zone = i + 4 < t.size() ? zone(t.get(i + 4)) : null;
            if (month < 1 || time == null || zone == null) {
                return null;
            }
            return OffsetDateTime.of(LocalDate.of(year, month, day), time, zone);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /** Words separated by white space and commas, comments (nested too) left out. */
    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == '\\' && depth > 0) {
                k++; // a quoted pair inside a comment
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && (Character.isWhitespace(c) || c == ',')) {
                if (!word.isEmpty()) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                continue;
            } else if (depth == 0) {
                word.append(c);
                continue;
            }
            if (!word.isEmpty()) {
                out.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) {
            out.add(word.toString());
        }
        return out;
    }

    /** RFC 5322 4.3: a two-digit year below 50 is 20xx, otherwise 19xx; a three-digit one adds 1900. */
    private static int year(String s) {
        int year = number(s, 2, 4);
        return switch (s.length()) {
            case 2 -> year < 50 ? 2000 + year : 1900 + year;
            case 3 -> 1900 + year;
            default -> year;
        };
    }

    private static LocalTime time(String s) {
        String[] p = s.split(":", -1);
        if (p.length < 2 || p.length > 3) {
            return null;
        }
        int second = p.length == 3 ? number(p[2], 2, 2) : 0;
        return LocalTime.of(number(p[0], 1, 2), number(p[1], 2, 2), Math.min(second, 59));
    }

    private static ZoneOffset zone(String s) {
        if (s.length() == 5 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            return offset(s);
        }
        String name = s.toLowerCase(Locale.ROOT);
        if (!name.chars().allMatch(c -> c >= 'a' && c <= 'z') || name.isEmpty()) {
            return null;
        }
        return ZoneOffset.ofHours(NAMED_ZONES.getOrDefault(name, 0));
    }

    /** {@code +hhmm} or {@code -hhmm} (RFC 5260's time-zone, RFC 5322's zone), or null. */
    public static ZoneOffset offset(String s) {
        if (s.length() != 5 || (s.charAt(0) != '+' && s.charAt(0) != '-')) {
            return null;
        }
        try {
            int hours = number(s.substring(1, 3), 2, 2);
            int minutes = number(s.substring(3), 2, 2);
            if (minutes > 59) {
                return null;
            }
            int sign = s.charAt(0) == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    /** ASCII digits only, {@code min} to {@code max} of them. */
    private static int number(String s, int min, int max) {
        if (s.length() < min || s.length() > max || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Integer.parseInt(s);
    }
}
