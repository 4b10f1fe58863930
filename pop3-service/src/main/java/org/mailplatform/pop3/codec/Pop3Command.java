package org.mailplatform.pop3.codec;

import java.util.EnumSet;
import java.util.Set;

/**
 * One POP3 command (RFC 1939 section 5-7, RFC 2449, RFC 5034, RFC 2595), as a record per command.
 * Each command says in which {@link Pop3State states} it is allowed, so the session checks that in
 * one place. APOP is deliberately not supported (it needs the plaintext password on the server).
 */
public sealed interface Pop3Command {

    Set<Pop3State> AUTHORIZATION = EnumSet.of(Pop3State.AUTHORIZATION);
    Set<Pop3State> TRANSACTION = EnumSet.of(Pop3State.TRANSACTION);
    Set<Pop3State> ANY = EnumSet.of(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION);

    /** The keyword as the RFC spells it, e.g. {@code RETR}; used in metrics and logs. */
    String keyword();

    /** The states in which the command is valid. */
    Set<Pop3State> allowedIn();

    /** {@code USER name} (RFC 1939 section 7). */
    record User(String name) implements Pop3Command {
        public String keyword() { return "USER"; }
        public Set<Pop3State> allowedIn() { return AUTHORIZATION; }
    }

    /** {@code PASS secret} (RFC 1939 section 7); the secret may contain spaces. */
    record Pass(String secret) implements Pop3Command {
        public String keyword() { return "PASS"; }
        public Set<Pop3State> allowedIn() { return AUTHORIZATION; }

        @Override
        public String toString() {
            return "Pass[***]";
        }
    }

    /**
     * {@code AUTH [mechanism [initial-response]]} (RFC 5034). Without a mechanism the server lists
     * its mechanisms, as many servers do for older clients.
     *
     * @param mechanism       upper-cased mechanism name, or {@code null}
     * @param initialResponse base64 initial response ({@code =} for an empty one), or {@code null}
     */
    record Auth(String mechanism, String initialResponse) implements Pop3Command {
        public String keyword() { return "AUTH"; }
        public Set<Pop3State> allowedIn() { return AUTHORIZATION; }

        @Override
        public String toString() {
            return "Auth[" + mechanism + (initialResponse == null ? "" : ", ***") + "]";
        }
    }

    /** {@code STLS} (RFC 2595 section 4). */
    record Stls() implements Pop3Command {
        public String keyword() { return "STLS"; }
        public Set<Pop3State> allowedIn() { return AUTHORIZATION; }
    }

    /** {@code CAPA} (RFC 2449 section 5), valid in every state. */
    record Capa() implements Pop3Command {
        public String keyword() { return "CAPA"; }
        public Set<Pop3State> allowedIn() { return ANY; }
    }

    /** {@code QUIT} (RFC 1939 sections 5 and 6), valid in every state. */
    record Quit() implements Pop3Command {
        public String keyword() { return "QUIT"; }
        public Set<Pop3State> allowedIn() { return ANY; }
    }

    /** {@code STAT}. */
    record Stat() implements Pop3Command {
        public String keyword() { return "STAT"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }

    /** {@code LIST [msg]}; {@code message} is 0 when absent (scan listing of all). */
    record ListMessages(int message) implements Pop3Command {
        public String keyword() { return "LIST"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
        public boolean all() { return message == 0; }
    }

    /** {@code UIDL [msg]} (RFC 1939 section 7); {@code message} is 0 when absent. */
    record Uidl(int message) implements Pop3Command {
        public String keyword() { return "UIDL"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
        public boolean all() { return message == 0; }
    }

    /** {@code RETR msg}. */
    record Retr(int message) implements Pop3Command {
        public String keyword() { return "RETR"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }

    /** {@code TOP msg n}: the headers, the blank line and the first {@code lines} body lines. */
    record Top(int message, int lines) implements Pop3Command {
        public String keyword() { return "TOP"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }

    /** {@code DELE msg}: marks the message; it is deleted in the UPDATE state. */
    record Dele(int message) implements Pop3Command {
        public String keyword() { return "DELE"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }

    /** {@code NOOP}. */
    record Noop() implements Pop3Command {
        public String keyword() { return "NOOP"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }

    /** {@code RSET}: unmarks every message marked as deleted. */
    record Rset() implements Pop3Command {
        public String keyword() { return "RSET"; }
        public Set<Pop3State> allowedIn() { return TRANSACTION; }
    }
}
