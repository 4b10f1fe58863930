package org.mailplatform.directory.client;

/**
 * A call to auth-service that did not produce an answer: the resilience decorators count it as a
 * failure and {@link HttpDirectory} turns it into an {@code Unavailable} outcome.
 */
class DirectoryCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    DirectoryCallException(String message, boolean transientFailure) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
    }

    /** Worth retrying (5xx), as opposed to a misconfiguration (401, 400). */
    boolean isTransient() {
        return transientFailure;
    }
}
