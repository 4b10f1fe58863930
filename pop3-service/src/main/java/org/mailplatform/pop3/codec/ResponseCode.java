package org.mailplatform.pop3.codec;

/**
 * Extended response codes (RFC 2449 section 8, RFC 3206), written in brackets after {@code -ERR}.
 */
public enum ResponseCode {
    /** The maildrop is locked by another session (RFC 2449 section 8.1.2). */
    IN_USE("IN-USE"),
    /** The user logged in too soon after the last session (RFC 2449 section 8.1.1). */
    LOGIN_DELAY("LOGIN-DELAY"),
    /** A temporary system problem; retrying later may work (RFC 3206 section 4). */
    SYS_TEMP("SYS/TEMP"),
    /** A permanent system problem (RFC 3206 section 4). */
    SYS_PERM("SYS/PERM"),
    /** The credentials are wrong or refused (RFC 3206 section 5). */
    AUTH("AUTH");

    private final String text;

    ResponseCode(String text) {
        this.text = text;
    }

    /** The code as written on the wire, without brackets. */
    public String text() {
        return text;
    }
}
