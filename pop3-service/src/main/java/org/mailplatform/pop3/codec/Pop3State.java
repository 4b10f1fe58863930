package org.mailplatform.pop3.codec;

/** The states of a POP3 session (RFC 1939 section 3). */
public enum Pop3State {
    /** Greeted, not logged in yet. */
    AUTHORIZATION,
    /** Logged in, the maildrop is open and locked. */
    TRANSACTION,
    /** QUIT was given in TRANSACTION: the marked messages are being deleted; no command is read. */
    UPDATE
}
