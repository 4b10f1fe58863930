package org.mailplatform.embedded;

/**
 * An embedded backend server that can be taken down and brought back in place, for fault
 * injection: while stopped its port refuses connections (clients see the outage a crashed or
 * partitioned server would give them); after {@link #restart()} it listens on the same host and
 * port again with the data it had, so clients reconnect with their configuration unchanged.
 */
public interface RestartableBackend {

    /** Closes the listener and every client connection; the data is kept. Idempotent. */
    void stop();

    /** Listens again on the same address with the same data and returns once it serves requests. Idempotent. */
    void restart();

    /** Whether it is serving (not between {@link #stop()} and {@link #restart()}). */
    boolean running();
}
