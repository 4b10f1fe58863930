package org.mailplatform.imap.managesieve;

import java.util.Optional;

/**
 * RFC 5804 section 1.6's rule for script names, narrowed to what the script store keeps: 1 to
 * {@code mail.store.sieve.max-name-length} characters (the store's own limit, so that a name the
 * store refuses is refused here for what it is), none of the controls U+0000-001F, U+007F-009F,
 * U+2028, U+2029, and no {@code /}.
 */
final class ScriptName {

    /** The store's default {@code mail.store.sieve.max-name-length}. */
    static final int MAX_LENGTH = 128;

    private ScriptName() {
    }

    /** Why {@code name} is not allowed, or empty when it is. */
    static Optional<String> problem(String name, int maxLength) {
        if (name.isEmpty()) {
            return Optional.of("script name is empty");
        }
        if (name.codePointCount(0, name.length()) > maxLength) {
            return Optional.of("script name is longer than " + maxLength + " characters");
        }
        boolean bad = name.codePoints().anyMatch(c -> c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == 0x2028
                || c == 0x2029 || c == '/');
        return bad ? Optional.of("script name contains a character that is not allowed") : Optional.empty();
    }
}
