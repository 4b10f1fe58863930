package org.mailplatform.gateway.security;

/** A bearer token that is malformed, badly signed, expired or for someone else. */
final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidTokenException(String reason) {
        super(reason, null, false, false);
    }
}
