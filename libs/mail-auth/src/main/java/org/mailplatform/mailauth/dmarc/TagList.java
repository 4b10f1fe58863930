package org.mailplatform.mailauth.dmarc;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The DKIM tag-value syntax that DMARC records use (RFC 7489 6.3, RFC 6376 3.2), split into tags: {@code ;}
 * separates them, whitespace around names, {@code =} and values is dropped, empty segments are skipped, names
 * compare lower-case (RFC 5234 quoted strings are case-insensitive).
 *
 * <p>A segment without {@code =} is not a tag and is dropped, as unknown or nonconformant tags are (RFC 7489
 * 6.6.3 step 5); a name that occurs twice makes the whole list invalid, as RFC 6376 3.2 says, since which of
 * the two the Domain Owner meant cannot be known.
 */
record TagList(List<Tag> tags) {

    /** One tag: its lower-case name and its value as written, without surrounding whitespace. */
    record Tag(String name, String value) {
    }

    TagList {
        tags = List.copyOf(tags);
    }

    /** The tags of {@code text} in order; empty when a tag name repeats. */
    static Optional<TagList> parse(String text) {
        List<Tag> tags = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String segment : text.split(";", -1)) {
            int eq = segment.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = stripWsp(segment.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (!seen.add(name)) {
                return Optional.empty();
            }
            tags.add(new Tag(name, stripWsp(segment.substring(eq + 1))));
        }
        return Optional.of(new TagList(tags));
    }

    /** The value of tag {@code name}, or null when absent. */
    String get(String name) {
        for (Tag t : tags) {
            if (t.name().equals(name)) {
                return t.value();
            }
        }
        return null;
    }

    /** {@code s} without leading and trailing folding whitespace (SP, HTAB, CR, LF) - not Unicode spaces. */
    static String stripWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWsp(s.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
