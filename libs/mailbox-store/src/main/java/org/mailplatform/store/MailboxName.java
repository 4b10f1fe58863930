package org.mailplatform.store;

import java.util.regex.Pattern;

/**
 * Mailbox names: validation, INBOX normalisation and IMAP LIST pattern matching. Names are full
 * paths with {@code /} as the delimiter; they are only ever looked up inside the principal's own
 * namespace, so {@code ..} or another user's name is just a (rejected or harmless) string.
 */
public final class MailboxName {

    public static final char DELIMITER = '/';
    public static final String INBOX = "INBOX";

    private MailboxName() {
    }

    /**
     * The canonical form of a user-supplied name: INBOX (any case, also as a parent) in upper case.
     *
     * @throws MailboxException.InvalidName if empty, too long, with empty or dot segments, or with
     *                                      control characters or wildcards
     */
    public static String normalize(String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            throw new MailboxException.InvalidName("empty");
        }
        if (name.length() > maxLength) {
            throw new MailboxException.InvalidName("longer than " + maxLength + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
                throw new MailboxException.InvalidName("contains a control character or wildcard");
            }
        }
        String[] segments = name.split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || !s.strip().equals(s)) {
                throw new MailboxException.InvalidName("empty, dot or space-padded segment in '" + name + "'");
            }
        }
        if (segments[0].equalsIgnoreCase(INBOX)) {
            return INBOX + name.substring(INBOX.length());
        }
        return name;
    }

    /** True if {@code name} matches the LIST pattern ({@code *} anything, {@code %} anything but /). */
    public static boolean matches(String pattern, String name) {
        String p = pattern.regionMatches(true, 0, INBOX, 0, INBOX.length()) ? INBOX + pattern.substring(INBOX.length())
                : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '%') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }
}
