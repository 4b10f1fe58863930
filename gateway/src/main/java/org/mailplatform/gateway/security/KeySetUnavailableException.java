package org.mailplatform.gateway.security;

/** The signing keys could not be fetched and none are cached: tokens cannot be checked at all. */
final class KeySetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KeySetUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
