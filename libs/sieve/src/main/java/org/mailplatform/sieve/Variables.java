package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variables of one run of a script that requires {@code variables} (RFC 5229): those
 * {@code set} names (without case), and the match variables {@code ${0}}..{@code ${9}} the last
 * successful {@code :matches} left. It expands the references in a string ({@link #expand}).
 *
 * <p>Bounded by {@link SieveLimits}: at most {@code maxVariables} names (one more is a run-time error,
 * which keeps the message), values cut to {@code maxVariableSize} bytes, and an expanded string at
 * most that many bytes longer than the string as written (a 64 KB script could otherwise repeat a
 * 4 KB variable into 64 MB). One instance per run; not thread-safe.
 */
final class Variables implements KeyMatch.Captures {

    /** Match variables kept: {@code ${0}} to {@code ${9}}, what RFC 5229 3.2 requires; higher ones are empty. */
    static final int MATCH_VARIABLES = 10;

    private final int maxVariables;
    private final int maxSize;
    private final Map<String, String> named = new HashMap<>();
    private List<String> matched = List.of();

    Variables(SieveLimits limits) {
        this.maxVariables = limits.maxVariables();
        this.maxSize = limits.maxVariableSize();
    }

    /** {@code set}: the value (cut to the limit) of the variable {@code name}, a valid identifier. */
    void set(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (!named.containsKey(key) && named.size() >= maxVariables) {
            throw new MessageAdapter.LimitExceeded("more than " + maxVariables + " variables");
        }
        named.put(key, cut(value, maxSize));
    }

    /** The value of a variable, "" for one never set. */
    String get(String name) {
        return named.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    /** A successful {@code :matches}: its captures replace all match variables, those it lacks are empty. */
    @Override
    public void matched(List<String> captures) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < Math.min(captures.size(), MATCH_VARIABLES); i++) {
            kept.add(cut(captures.get(i), maxSize));
        }
        matched = List.copyOf(kept);
    }

    /** The match variable {@code ${index}}, "" when the last match had no such wildcard. */
    String match(int index) {
        return index < matched.size() ? matched.get(index) : "";
    }

    /**
     * {@code s} with its variable references replaced (RFC 5229 3): {@code ${name}} by the variable's
     * value, {@code ${digits}} by a match variable; "${" that starts no valid reference stays as it
     * is, and what a value holds is not expanded again. A namespaced reference ({@code ${ns.name}})
     * is refused by the compiler (no namespace is offered), and empty if one came here.
     */
    String expand(String s) {
        int ref = s.indexOf("${");
        if (ref < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        long budget = (long) utf8Length(s) + maxSize;
        int from = 0;
        while (ref >= 0 && out.length() <= budget) {
            int close = nameEnd(s, ref + 2);
            Reference r = close < s.length() && s.charAt(close) == '}' ? Reference.parse(s.substring(ref + 2, close))
                    : null;
            if (r == null) {
                out.append(s, from, ref + 2);
                from = ref + 2;
            } else {
                out.append(s, from, ref);
                out.append(value(r));
                from = close + 1;
            }
            ref = s.indexOf("${", from);
        }
        if (out.length() <= budget) {
            out.append(s, from, s.length());
        }
        return cut(out.toString(), budget);
    }

    /**
     * Where the run of name characters (letters, digits, "_", ".") from {@code i} ends; a reference
     * is one only if "}" stands there. No "$" is a name character, so each character of a string is
     * looked at a bounded number of times however many "${" it has.
     */
    private static int nameEnd(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) {
                break;
            }
            i++;
        }
        return i;
    }

    private String value(Reference r) {
        return switch (r) {
            case Reference.Match m -> match(m.index());
            case Reference.Named n -> get(n.name());
            case Reference.Namespaced ns -> "";
        };
    }

    /** {@code s} cut to at most {@code maxBytes} bytes of UTF-8, at the end of a character. */
    static String cut(String s, long maxBytes) {
        if (s.length() * 3L <= maxBytes) {
            return s;
        }
        long bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
            if (bytes > maxBytes) {
                return s.substring(0, i);
            }
            i += Character.charCount(c);
        }
        return s;
    }

    private static long utf8Length(String s) {
        return s.codePoints().mapToLong(c -> c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4).sum();
    }

    /** What stands between "${" and "}" when it is a variable reference (RFC 5229 3's grammar). */
    sealed interface Reference {
        record Match(int index) implements Reference {
        }

        record Named(String name) implements Reference {
        }

        record Namespaced(String namespace, String name) implements Reference {
        }

        /** The reference {@code inner} spells, or null when it is none (then the text is literal). */
        static Reference parse(String inner) {
            if (!inner.isEmpty() && inner.chars().allMatch(c -> c >= '0' && c <= '9')) {
                // "${0003}" is ${3}; an index beyond the kept ones (even a huge one) is empty
                String digits = inner.replaceFirst("^0+(?=.)", "");
                return new Match(digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits));
            }
            String[] parts = inner.split("\\.", -1);
            for (String p : parts) {
                if (!identifier(p)) {
                    return null;
                }
            }
            if (parts.length == 1) {
                return new Named(inner);
            }
            int last = inner.lastIndexOf('.');
            return new Namespaced(inner.substring(0, last), inner.substring(last + 1));
        }
    }

    /** identifier = (ALPHA / "_") *(ALPHA / DIGIT / "_"), as RFC 5228 8.1 defines it. */
    static boolean identifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The namespaced references in {@code s} (the compiler refuses them: no namespace is offered). */
    static List<String> namespaced(String s) {
        List<String> out = new ArrayList<>();
        for (int ref = s.indexOf("${"); ref >= 0; ref = s.indexOf("${", ref + 2)) {
            int close = nameEnd(s, ref + 2);
            if (close < s.length() && s.charAt(close) == '}' && Reference.parse(s.substring(ref + 2, close)) instanceof Reference.Namespaced ns) {
                out.add(ns.namespace());
            }
        }
        return out;
    }
}
