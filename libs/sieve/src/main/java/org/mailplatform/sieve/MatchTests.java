package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.util.MimeUtil;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.ExecutableTest;

/**
 * The tests that compare values with keys, in place of jSieve's: {@code header}, {@code address},
 * {@code envelope} (RFC 5228 5.7, 5.1, 5.4) and {@code hasflag} (RFC 5232 4), with the relational
 * match types (RFC 5231), which jSieve's tests refuse as unknown tagged arguments, and with the match
 * variables a successful {@code :matches} sets (RFC 5229 3.2); and the {@code string} test (RFC 5229
 * 5). Each collects its values and leaves the comparing to {@link KeyMatch}. {@code address} and
 * {@code envelope} take the address parts {@code :all}, {@code :localpart}, {@code :domain} and, with
 * {@code subaddress} (RFC 5233), {@code :user} and {@code :detail} ({@link Subaddress}).
 *
 * <p>A header or address the message lacks gives no value: every match type is false for it, and
 * {@code :count} counts 0 (RFC 5228 5.7 and RFC 5231 4.2; jSieve let {@code :contains ""} be true
 * for an absent header).
 */
final class MatchTests {

    static final String ALL = ":all";
    static final String LOCALPART = ":localpart";
    static final String DOMAIN = ":domain";
    /** {@code subaddress} (RFC 5233): the local part before the separator, and after it. */
    static final String USER = ":user";
    static final String DETAIL = ":detail";
    private static final Set<String> ADDRESS_PARTS = Set.of(ALL, LOCALPART, DOMAIN, USER, DETAIL);

    static final ExtensionArgs.Spec HEADER = spec("header", false, true, "");
    static final ExtensionArgs.Spec ADDRESS = spec("address", true, true, "");
    static final ExtensionArgs.Spec ENVELOPE = spec("envelope", true, false, "");
    static final ExtensionArgs.Spec STRING = spec("string", false, false, SieveExtensions.VARIABLES);

    /** The specs of the tests here (hasflag's is {@link SieveExtensions#hasflag}), by name. */
    static final Map<String, ExtensionArgs.Spec> SPECS = Map.of("header", HEADER, "address", ADDRESS,
            "envelope", ENVELOPE, "string", STRING);

    private MatchTests() {
    }

    /**
     * A test's spec: the match-type tags, the address parts if {@code addressParts}, {@code :index} and
     * {@code :last} if {@code indexed}, then two string lists.
     */
    private static ExtensionArgs.Spec spec(String name, boolean addressParts, boolean indexed, String capability) {
        Map<String, String> tags = new HashMap<>();
        KeyMatch.TAGS.forEach((tag, needs) -> tags.put(tag, needs.isEmpty() ? capability : needs));
        if (indexed) {
            tags.put(FieldIndex.INDEX, SieveExtensions.INDEX);
            tags.put(FieldIndex.LAST, SieveExtensions.INDEX);
        }
        List<Set<String>> exclusive = new ArrayList<>(List.of(KeyMatch.MATCH_TYPES));
        if (addressParts) {
            ADDRESS_PARTS.forEach(part -> tags.put(part, capability));
            tags.put(USER, SieveExtensions.SUBADDRESS);
            tags.put(DETAIL, SieveExtensions.SUBADDRESS);
            exclusive.add(ADDRESS_PARTS);
        }
        return new ExtensionArgs.Spec(name, Map.copyOf(tags), KeyMatch.WITH_VALUE, List.copyOf(exclusive), 2, false);
    }

    /** Reads a test's arguments and its match; a problem is a syntax error (the compiler found it first). */
    private abstract static class KeyTest implements ExecutableTest {
        abstract ExtensionArgs.Spec spec();

        abstract List<String> values(MessageAdapter mail, ExtensionArgs.Parsed args, List<String> names)
                throws SieveException;

        @Override
        public boolean execute(MailAdapter mail, Arguments arguments, SieveContext context) throws SieveException {
            MessageAdapter m = SieveExtensions.adapter(mail);
            ExtensionArgs.Parsed args = SieveExtensions.read(spec(), arguments);
            KeyMatch match = KeyMatch.ofChecked(args);
            List<String> values = values(m, args, args.positional().getFirst());
            return match.test(values, args.positional().get(1), m.captures());
        }
    }

    /** {@code header}: the unfolded, decoded values of all fields of the names given. */
    static final class Header extends KeyTest {
        @Override
        ExtensionArgs.Spec spec() {
            return HEADER;
        }

        @Override
        List<String> values(MessageAdapter mail, ExtensionArgs.Parsed args, List<String> names)
                throws SieveException {
            FieldIndex index = index(args);
            List<String> out = new ArrayList<>();
            for (String name : names) {
                List<String> fields = mail.getMatchingHeader(name);
                for (String v : index == null ? fields : index.select(fields)) {
                    out.add(MimeUtil.unscrambleHeaderValue(v));
                }
            }
            return out;
        }
    }

    /** {@code address}: the part asked for of each address in the fields of the names given. */
    static final class Address extends KeyTest {
        @Override
        ExtensionArgs.Spec spec() {
            return ADDRESS;
        }

        @Override
        List<String> values(MessageAdapter mail, ExtensionArgs.Parsed args, List<String> names)
                throws SieveException {
            String part = part(args);
            String separator = mail.environment().recipientDelimiter();
            List<String> out = new ArrayList<>();
            FieldIndex index = index(args);
            for (String name : names) {
                for (MailAdapter.Address a : mail.parseAddresses(name, index)) {
                    addPart(out, part, a.getLocalPart(), a.getDomain(), separator);
                }
            }
            return out;
        }
    }

    /**
     * {@code envelope}: the part asked for of the envelope's {@code from} and {@code to}; the null
     * reverse-path is the empty string, and has no local part or domain to match.
     */
    static final class Envelope extends KeyTest {
        @Override
        ExtensionArgs.Spec spec() {
            return ENVELOPE;
        }

        @Override
        List<String> values(MessageAdapter mail, ExtensionArgs.Parsed args, List<String> names) {
            String part = part(args);
            String separator = mail.environment().recipientDelimiter();
            List<String> out = new ArrayList<>();
            for (String name : names) {
                for (String address : mail.getEnvelope(name)) {
                    int at = address.lastIndexOf('@');
                    if (address.isEmpty() && !part.equals(ALL)) {
                        continue;
                    }
                    if (at < 0 && part.equals(DOMAIN)) {
                        out.add("");
                    } else if (at < 0) {
                        addPart(out, part.equals(ALL) ? LOCALPART : part, address, "", separator);
                    } else {
                        addPart(out, part, address.substring(0, at), address.substring(at + 1), separator);
                    }
                }
            }
            return out;
        }
    }

    /**
     * {@code string} (RFC 5229 5): the source strings (their variables expanded) are the values; for
     * {@code :count} an empty one counts as none.
     */
    static final class StringTest extends KeyTest {
        @Override
        ExtensionArgs.Spec spec() {
            return STRING;
        }

        @Override
        List<String> values(MessageAdapter mail, ExtensionArgs.Parsed args, List<String> sources) {
            return args.has(":count") ? sources.stream().filter(s -> !s.isEmpty()).toList() : sources;
        }
    }

    /** The {@code :index} asked for, or null; a wrong one is a syntax error (the compiler found it first). */
    static FieldIndex index(ExtensionArgs.Parsed args) throws SyntaxException {
        try {
            return FieldIndex.of(args);
        } catch (ExtensionArgs.Invalid e) {
            throw new SyntaxException(e.getMessage());
        }
    }

    private static String part(ExtensionArgs.Parsed args) {
        for (String part : List.of(LOCALPART, DOMAIN, USER, DETAIL)) {
            if (args.has(part)) {
                return part;
            }
        }
        return ALL;
    }

    /**
     * Adds the part asked for of one address; an address without a detail adds nothing for
     * {@code :detail}, so no key matches it and {@code :count} does not count it (RFC 5233 4).
     */
    private static void addPart(List<String> out, String part, String local, String domain, String separator) {
        String value = switch (part) {
            case LOCALPART -> local;
            case DOMAIN -> domain;
            case USER -> Subaddress.user(local, separator);
            case DETAIL -> Subaddress.detail(local, separator);
            default -> domain == null || domain.isEmpty() ? local : local + "@" + domain;
        };
        if (value != null) {
            out.add(value);
        }
    }
}
