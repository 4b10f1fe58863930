package org.mailplatform.sieve;

import java.util.List;

/**
 * The {@code index} extension's {@code :index <fieldno> [:last]} (RFC 5260 6) on {@code header},
 * {@code address} and {@code date}: only the fieldno'th field of a name is tested, counted from the
 * top, or from the bottom with {@code :last}. With several header names the index picks one field of
 * each name. A field number beyond the fields a message has selects none: the test is false.
 *
 * @param number the field number, from 1
 * @param last   whether it counts from the last field up
 */
record FieldIndex(long number, boolean last) {

    static final String INDEX = ":index";
    static final String LAST = ":last";

    /** The index the arguments ask for, or null without {@code :index}. */
    static FieldIndex of(ExtensionArgs.Parsed args) throws ExtensionArgs.Invalid {
        if (!args.has(INDEX)) {
            if (args.has(LAST)) {
                throw new ExtensionArgs.Invalid(LAST + " needs " + INDEX);
            }
            return null;
        }
        long n = Long.parseLong(args.value(INDEX).orElseThrow().getFirst());
        if (n < 1) {
            throw new ExtensionArgs.Invalid(INDEX + " counts fields from 1, not " + n);
        }
        return new FieldIndex(n, args.has(LAST));
    }

    /** The selected one of a name's fields (in the message's order), or none. */
    <T> List<T> select(List<T> fields) {
        if (number > fields.size()) {
            return List.of();
        }
        int i = (int) number - 1;
        return List.of(fields.get(last ? fields.size() - 1 - i : i));
    }
}
