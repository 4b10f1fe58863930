package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jsieve.Argument;
import org.apache.jsieve.NumberArgument;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TagArgument;

/**
 * The arguments of the commands and tests libs/sieve implements itself ({@code fileinto},
 * {@code keep}, {@code redirect} with their tagged arguments, the {@code imap4flags} commands,
 * {@code hasflag}, {@code mailboxexists}), read the same way when a script is compiled (from jSieve's
 * syntax tree) and when it runs (from jSieve's {@link Argument}s): tagged arguments first, each at
 * most once, with the string list some of them take, then the positional string lists.
 */
final class ExtensionArgs {

    /** One argument: a tag (with its colon), a string list, or a number. */
    sealed interface Arg {
    }

    record Tag(String name) implements Arg {
    }

    record Strings(List<String> values) implements Arg {
    }

    record Number(long value) implements Arg {
    }

    /**
     * What a command or test accepts.
     *
     * @param tags       tag name to the capability it needs (empty: none)
     * @param withValue  tags followed by a string list
     * @param exclusive  groups of tags of which at most one may be given (the match types)
     * @param positional how many string lists follow the tags
     * @param single     whether each positional string list must hold exactly one string
     */
    record Spec(String name, Map<String, String> tags, Set<String> withValue, List<Set<String>> exclusive,
                int positional, boolean single) {
    }

    /** Arguments read against a {@link Spec}: the tags given (to their value, or an empty list) and the positional lists. */
    record Parsed(Map<String, List<String>> tags, List<List<String>> positional) {
        boolean has(String tag) {
            return tags.containsKey(tag);
        }

        Optional<List<String>> value(String tag) {
            return Optional.ofNullable(tags.get(tag));
        }
    }

    /** A problem with the arguments, said for the script's author. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    /** Tags followed by a number rather than strings: {@code index}'s {@code :index <fieldno>} (RFC 5260 6). */
    static final Set<String> NUMBER_VALUED = Set.of(FieldIndex.INDEX);

    private ExtensionArgs() {
    }

    /** jSieve's run-time arguments in this model. */
    static List<Arg> of(List<Argument> arguments) {
        List<Arg> out = new ArrayList<>();
        for (Argument a : arguments) {
            switch (a) {
                case TagArgument t -> out.add(new Tag(t.getTag()));
                case StringListArgument s -> out.add(new Strings(List.copyOf(s.getList())));
                case NumberArgument n -> out.add(new Number(n.getInteger()));
                default -> throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        return out;
    }

    /**
     * Reads {@code args} against {@code spec}; {@code required} are the capabilities the script's
     * {@code require} names (null at run time, when the compiler has checked them).
     */
    static Parsed parse(Spec spec, List<Arg> args, Set<String> required) throws Invalid {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        List<List<String>> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Arg a = args.get(i);
            switch (a) {
                case Tag t -> {
                    String tag = t.name().toLowerCase(Locale.ROOT);
                    if (!positional.isEmpty()) {
                        throw new Invalid(spec.name() + ": the tagged argument " + tag
                                + " must come before the other arguments");
                    }
                    if (!spec.tags().containsKey(tag)) {
                        throw new Invalid(spec.name() + ": unknown tagged argument " + tag);
                    }
                    String capability = spec.tags().get(tag);
                    if (required != null && !capability.isEmpty() && !required.contains(capability)) {
                        throw new Invalid(spec.name() + " " + tag + " needs require \"" + capability + "\"");
                    }
                    if (tags.containsKey(tag)) {
                        throw new Invalid(spec.name() + ": " + tag + " given twice");
                    }
                    for (Set<String> group : spec.exclusive()) {
                        if (group.contains(tag) && tags.keySet().stream().anyMatch(group::contains)) {
                            throw new Invalid(spec.name() + ": only one of " + String.join(" ", group) + " may be given");
                        }
                    }
                    if (NUMBER_VALUED.contains(tag) && spec.tags().containsKey(tag)) {
                        if (i + 1 >= args.size() || !(args.get(i + 1) instanceof Number value)) {
                            throw new Invalid(spec.name() + ": " + tag + " needs a number");
                        }
                        tags.put(tag, List.of(Long.toString(value.value())));
                        i++;
                    } else if (spec.withValue().contains(tag)) {
                        if (i + 1 >= args.size() || !(args.get(i + 1) instanceof Strings value)) {
                            throw new Invalid(spec.name() + ": " + tag + " needs a string or a list of strings");
                        }
                        tags.put(tag, value.values());
                        i++;
                    } else {
                        tags.put(tag, List.of());
                    }
                }
                case Strings s -> positional.add(s.values());
                case Number n -> throw new Invalid(spec.name() + ": unexpected number " + n.value());
            }
        }
        if (positional.size() != spec.positional()) {
            throw new Invalid(spec.name() + " takes " + spec.positional() + (spec.positional() == 1 ? " argument" : " arguments")
                    + " after its tagged ones, found " + positional.size());
        }
        if (spec.single()) {
            for (List<String> p : positional) {
                if (p.size() != 1) {
                    throw new Invalid(spec.name() + " takes a single string, not a list");
                }
            }
        }
        return new Parsed(tags, positional);
    }

    /**
     * How many positional string lists {@code args} hold after the tags of {@code spec} (and their
     * values): the imap4flags commands and hasflag take one more, a variable name, with {@code variables}.
     */
    static int positionalCount(Spec spec, List<Arg> args) {
        int n = 0;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Tag t && spec.withValue().contains(t.name().toLowerCase(Locale.ROOT))) {
                i++;
            } else if (args.get(i) instanceof Strings) {
                n++;
            }
        }
        return Math.clamp(n, 1, 2);
    }
}
