package org.mailplatform.store;

/** Special-use mailboxes (RFC 6154) a new user gets, with their default names. */
public enum SpecialUse {
    INBOX("INBOX", null),
    SENT("Sent", "\\Sent"),
    DRAFTS("Drafts", "\\Drafts"),
    TRASH("Trash", "\\Trash"),
    JUNK("Junk", "\\Junk"),
    ARCHIVE("Archive", "\\Archive");

    private final String defaultName;
    private final String attribute;

    SpecialUse(String defaultName, String attribute) {
        this.defaultName = defaultName;
        this.attribute = attribute;
    }

    public String defaultName() {
        return defaultName;
    }

    /** The LIST attribute ({@code \Sent}), or null for INBOX. */
    public String attribute() {
        return attribute;
    }
}
