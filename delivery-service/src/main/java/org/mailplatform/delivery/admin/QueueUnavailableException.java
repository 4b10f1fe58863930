package org.mailplatform.delivery.admin;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Kafka did not answer in time: the request may be repeated (503). */
final class QueueUnavailableException extends ResponseStatusException {

    private static final long serialVersionUID = 1L;

    QueueUnavailableException(String what, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable while " + what + "; try again later", cause);
    }
}
