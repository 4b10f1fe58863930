package org.mailplatform.protocol.session;

/**
 * User events protocol-kit sends to the session handler. The session answers each in its own
 * protocol's words (SMTP 421, IMAP {@code * BYE}, POP3 {@code -ERR}).
 */
public sealed interface SessionEvent {

    /** The connection may proceed: send the greeting. Client address and listener are final now. */
    record Admitted(ConnectionInfo info) implements SessionEvent {
    }

    /** The connection is over a limit: send a short refusal and close. */
    record Rejected(Reason reason) implements SessionEvent {
    }

    /** The client sent more commands per minute than allowed: say so and close. */
    record CommandRateExceeded(int perMinute) implements SessionEvent {
    }

    /** The connection was silent longer than its current idle timeout: say so and close. */
    record IdleTimedOut() implements SessionEvent {
    }

    /**
     * The server is shutting down: finish the command in flight, then say goodbye and close; idle
     * sessions close at once. Connections still open when the grace period ends are cut.
     */
    record Draining() implements SessionEvent {
    }

    /** Why a connection was refused. */
    enum Reason {
        /** The listener has as many connections as it may have. */
        TOO_MANY_CONNECTIONS,
        /** The client's address has as many connections as one address may have. */
        TOO_MANY_FROM_ADDRESS
    }
}
