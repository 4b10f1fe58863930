package org.mailplatform.sieve;

import java.util.List;
import java.util.Set;

import org.apache.jsieve.exception.SyntaxException;

/**
 * How a test compares the values it found with its keys: the match type ({@code :is} by default,
 * {@code :contains}, {@code :matches}, and the relational {@code :value} and {@code :count} of RFC
 * 5231 with their operator) and the comparator ({@code i;ascii-casemap} by default). A test is true
 * when any value (for {@code :count}: the number of values) stands in the asked relation to any key.
 * A successful {@code :matches} reports what its wildcards matched to the {@link Captures} given
 * (RFC 5229 3.2); the other match types leave the match variables as they were.
 */
record KeyMatch(Type type, Relation relation, SieveComparator comparator) {

    enum Type { IS, CONTAINS, MATCHES, VALUE, COUNT }

    /** Where a successful {@code :matches} leaves what it matched. */
    interface Captures {
        void matched(List<String> captures);
    }

    static final KeyMatch DEFAULT = new KeyMatch(Type.IS, null, SieveComparator.ASCII_CASEMAP);

    /** The match-type and comparator tags a test accepts, to the capability each needs (null: none). */
    static final java.util.Map<String, String> TAGS = java.util.Map.of(":is", "", ":contains", "",
            ":matches", "", ":value", SieveExtensions.RELATIONAL, ":count", SieveExtensions.RELATIONAL,
            ":comparator", "");
    static final Set<String> MATCH_TYPES = Set.of(":is", ":contains", ":matches", ":value", ":count");
    static final Set<String> WITH_VALUE = Set.of(":value", ":count", ":comparator");

    /** The match of a test at run time, its arguments checked by the compiler: a problem left is a syntax error. */
    static KeyMatch ofChecked(ExtensionArgs.Parsed args) throws SyntaxException {
        try {
            return of(args, null);
        } catch (ExtensionArgs.Invalid e) {
            throw new SyntaxException(e.getMessage());
        }
    }

    /**
     * The match read from parsed arguments; {@code required} are the script's {@code require}s, to
     * check a comparator's (null at run time, when the compiler has checked them).
     */
    static KeyMatch of(ExtensionArgs.Parsed args, Set<String> required) throws ExtensionArgs.Invalid {
        Type type = Type.IS;
        Relation relation = null;
        for (Type t : Type.values()) {
            String tag = ":" + t.name().toLowerCase(java.util.Locale.ROOT);
            if (!args.has(tag)) {
                continue;
            }
            type = t;
            if (t == Type.VALUE || t == Type.COUNT) {
                List<String> op = args.value(tag).orElseThrow();
                relation = op.size() == 1 ? Relation.named(op.getFirst()) : null;
                if (relation == null) {
                    throw new ExtensionArgs.Invalid(tag + " takes one of \"gt\", \"ge\", \"lt\", \"le\", \"eq\", \"ne\"");
                }
            }
        }
        SieveComparator comparator = SieveComparator.ASCII_CASEMAP;
        if (args.has(":comparator")) {
            List<String> name = args.value(":comparator").orElseThrow();
            comparator = name.size() == 1 ? SieveComparator.named(name.getFirst()) : null;
            if (comparator == null) {
                throw new ExtensionArgs.Invalid("unknown comparator " + name + ": offered are \"i;octet\","
                        + " \"i;ascii-casemap\" and \"i;ascii-numeric\"");
            }
            if (required != null && !comparator.implicit()
                    && !required.contains("comparator-" + comparator.sieveName())) {
                throw new ExtensionArgs.Invalid("the comparator \"" + comparator.sieveName()
                        + "\" needs require \"comparator-" + comparator.sieveName() + "\"");
            }
        }
        if ((type == Type.CONTAINS || type == Type.MATCHES) && !comparator.substrings()) {
            throw new ExtensionArgs.Invalid("the comparator \"" + comparator.sieveName() + "\" cannot be used with :"
                    + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new KeyMatch(type, relation, comparator);
    }

    /**
     * Whether the test is true for {@code values} and {@code keys}; {@code captures} (null: no match
     * variables in this script) gets the wildcards' text of the first value and key that match.
     */
    boolean test(List<String> values, List<String> keys, Captures captures) {
        if (type == Type.COUNT) {
            String count = Integer.toString(values.size());
            return keys.stream().anyMatch(k -> relation.holds(comparator.compare(count, k)));
        }
        for (String value : values) {
            for (String key : keys) {
                if (one(value, key, captures)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean one(String value, String key, Captures captures) {
        return switch (type) {
            case IS -> comparator.compare(value, key) == 0;
            case CONTAINS -> comparator.contains(value, key);
            case VALUE -> relation.holds(comparator.compare(value, key));
            case MATCHES -> {
                if (captures == null) {
                    yield Wildcard.matches(key, value, comparator);
                }
                List<String> matched = Wildcard.match(key, value, comparator);
                if (matched != null) {
                    captures.matched(matched);
                }
                yield matched != null;
            }
            case COUNT -> throw new IllegalStateException("counted above");
        };
    }
}
