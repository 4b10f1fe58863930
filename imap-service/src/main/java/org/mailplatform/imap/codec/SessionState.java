package org.mailplatform.imap.codec;

/** The states of an IMAP connection (RFC 9051 section 3). */
public enum SessionState {
    NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT
}
