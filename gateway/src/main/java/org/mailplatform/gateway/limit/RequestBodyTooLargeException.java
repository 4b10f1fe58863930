package org.mailplatform.gateway.limit;

/** A streamed request body went past {@link LimitProperties#maxRequestBody()}. */
public final class RequestBodyTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RequestBodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes", null, false, false);
    }
}
