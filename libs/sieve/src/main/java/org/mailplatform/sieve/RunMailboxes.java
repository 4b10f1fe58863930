package org.mailplatform.sieve;

import java.util.HashMap;
import java.util.Map;

/**
 * One run's questions about the user's mailboxes ({@code mailboxexists}, {@code specialuse_exists},
 * {@code fileinto :specialuse}): each asked of the {@link MailboxLookup} once per run, at most
 * {@value #MAX_LOOKUPS} of them together; beyond that {@link MessageAdapter.LimitExceeded}, which
 * ends the run as a run-time error.
 */
final class RunMailboxes {

    /** Distinct mailbox names and special-use attributes one run may look up. */
    static final int MAX_LOOKUPS = 32;

    private final MailboxLookup mailboxes;
    private final Map<String, Boolean> exists = new HashMap<>();
    /** Special-use attributes looked up (lower case) to their mailbox, null for none. */
    private final Map<String, String> specialUses = new HashMap<>();

    RunMailboxes(MailboxLookup mailboxes) {
        this.mailboxes = mailboxes;
    }

    /** Whether the user has this mailbox. */
    boolean exists(String name) {
        Boolean known = exists.get(name);
        if (known != null) {
            return known;
        }
        oneMore();
        boolean found = mailboxes.exists(name);
        exists.put(name, found);
        return found;
    }

    /** The user's mailbox with this special-use attribute, or null. */
    String withSpecialUse(String attribute) {
        String key = SpecialUses.normalized(attribute);
        if (specialUses.containsKey(key)) {
            return specialUses.get(key);
        }
        oneMore();
        String mailbox = mailboxes.withSpecialUse(attribute);
        specialUses.put(key, mailbox);
        return mailbox;
    }

    private void oneMore() {
        if (exists.size() + specialUses.size() >= MAX_LOOKUPS) {
            throw new MessageAdapter.LimitExceeded("more than " + MAX_LOOKUPS + " mailboxes looked up");
        }
    }
}
