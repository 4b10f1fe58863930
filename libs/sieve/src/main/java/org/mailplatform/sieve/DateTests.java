package org.mailplatform.sieve;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.ExecutableTest;
import org.mailplatform.mime.MailDate;

/**
 * The {@code date} extension's tests (RFC 5260 4, 5):
 * {@code date [:zone <+hhmm> / :originalzone] [COMPARATOR] [MATCH-TYPE] <header> <date-part> <keys>}
 * and {@code currentdate [:zone <+hhmm>] [COMPARATOR] [MATCH-TYPE] <date-part> <keys>}. The date-time is
 * shifted to {@code :zone}, kept in the field's own zone with {@code :originalzone}, or shifted to the
 * environment clock's zone; then the date-part ({@link DatePart}) is compared with the keys by
 * {@link KeyMatch}, which a {@code :matches} sets the match variables for.
 *
 * <p>{@code date} reads the first field of that name ({@link MailDate}), or the one {@code :index}
 * selects ({@link FieldIndex}, with {@code index}); a field that is absent or
 * holds no valid date-time makes the test false whatever the match type ({@code :count} included).
 * A date-part or {@code :zone} that is wrong as written does not compile; one that a variable makes
 * wrong when the script runs makes the test false.
 */
final class DateTests {

    static final String ZONE = ":zone";
    static final String ORIGINALZONE = ":originalzone";

    static final ExtensionArgs.Spec DATE = spec("date", true, 3);
    static final ExtensionArgs.Spec CURRENTDATE = spec("currentdate", false, 2);

    private DateTests() {
    }

    private static ExtensionArgs.Spec spec(String name, boolean originalZone, int positional) {
        Map<String, String> tags = new HashMap<>(KeyMatch.TAGS);
        tags.put(ZONE, "");
        if (originalZone) { // date, not currentdate: the header's zone, and index's field number
            tags.put(ORIGINALZONE, "");
            tags.put(FieldIndex.INDEX, SieveExtensions.INDEX);
            tags.put(FieldIndex.LAST, SieveExtensions.INDEX);
        }
        Set<String> withValue = new java.util.HashSet<>(KeyMatch.WITH_VALUE);
        withValue.add(ZONE);
        return new ExtensionArgs.Spec(name, Map.copyOf(tags), Set.copyOf(withValue),
                List.of(KeyMatch.MATCH_TYPES, Set.of(ZONE, ORIGINALZONE)), positional, false);
    }

    /**
     * What the compiler checks beyond the spec: one header name and one date-part, a known date-part
     * and a valid {@code :zone}, unless a variable makes them known only when the script runs.
     */
    static void check(ExtensionArgs.Parsed args, boolean variables) throws ExtensionArgs.Invalid {
        List<List<String>> p = args.positional();
        for (int i = 0; i < p.size() - 1; i++) {
            if (p.get(i).size() != 1) {
                throw new ExtensionArgs.Invalid((p.size() == 3 && i == 0 ? "the header name" : "the date-part")
                        + " must be a single string, not a list");
            }
        }
        FieldIndex.of(args);
        String part = p.get(p.size() - 2).getFirst();
        if (DatePart.named(part) == null && !(variables && part.contains("${"))) {
            throw new ExtensionArgs.Invalid("unknown date-part \"" + part + "\": one of year, month, day, date,"
                    + " julian, hour, minute, second, time, iso8601, std11, zone, weekday");
        }
        List<String> zone = args.value(ZONE).orElse(null);
        if (zone != null && (zone.size() != 1
                || MailDate.offset(zone.getFirst()) == null && !(variables && zone.getFirst().contains("${")))) {
            throw new ExtensionArgs.Invalid(":zone takes one time zone, \"+hhmm\" or \"-hhmm\"");
        }
    }

    /** Reads the arguments, shifts the date-time and compares its part: what both tests share. */
    private abstract static class DateTest implements ExecutableTest {
        abstract ExtensionArgs.Spec spec();

        /** The date-time to test, in its own zone; null: none, the test is false. */
        abstract OffsetDateTime dateTime(MessageAdapter mail, ExtensionArgs.Parsed args) throws SieveException;

        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            MessageAdapter m = SieveExtensions.adapter(mail);
            ExtensionArgs.Parsed args = SieveExtensions.read(spec(), arguments);
            KeyMatch match = KeyMatch.ofChecked(args);
            List<List<String>> p = args.positional();
            DatePart part = DatePart.named(p.get(p.size() - 2).getFirst());
            OffsetDateTime t = dateTime(m, args);
            if (part == null || t == null) {
                return false;
            }
            if (!args.has(ORIGINALZONE)) {
                ZoneId zone = m.environment().clock().getZone();
                if (args.has(ZONE)) {
                    ZoneOffset offset = MailDate.offset(args.value(ZONE).orElseThrow().getFirst());
                    if (offset == null) {
                        return false; // a variable made it no zone
                    }
                    zone = offset;
                }
                t = DatePart.shifted(t, zone);
            }
            return match.test(List.of(part.of(t)), p.getLast(), m.captures());
        }
    }

    /** {@code date}: the date-time of the first field of that name, or of the {@code :index}ed one. */
    static final class Date extends DateTest {
        @Override
        ExtensionArgs.Spec spec() {
            return DATE;
        }

        @Override
        OffsetDateTime dateTime(MessageAdapter mail, ExtensionArgs.Parsed args) throws SieveException {
            String name = args.positional().getFirst().getFirst();
            FieldIndex index = MatchTests.index(args);
            List<String> values = index == null ? mail.getHeader(name) : index.select(mail.getHeader(name));
            return values.isEmpty() ? null : MailDate.ofField(name, values.getFirst());
        }
    }

    /** {@code currentdate}: the time the run started, the same for every test of the run. */
    static final class CurrentDate extends DateTest {
        @Override
        ExtensionArgs.Spec spec() {
            return CURRENTDATE;
        }

        @Override
        OffsetDateTime dateTime(MessageAdapter mail, ExtensionArgs.Parsed args) {
            return mail.now().toOffsetDateTime();
        }
    }
}
