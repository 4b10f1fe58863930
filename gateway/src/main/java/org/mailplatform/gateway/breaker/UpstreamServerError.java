package org.mailplatform.gateway.breaker;

/** Recorded by a route's breaker when the service answered 5xx (the answer itself still goes to the client). */
final class UpstreamServerError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UpstreamServerError(int status) {
        super("upstream answered " + status, null, false, false);
    }
}
