package org.mailplatform.directory.client;

/** The protocol a client authenticates with; app passwords are issued for a set of these. */
public enum Protocol {
    SMTP, IMAP, POP3, HTTP
}
