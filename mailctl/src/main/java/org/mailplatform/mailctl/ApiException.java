package org.mailplatform.mailctl;

import tools.jackson.databind.JsonNode;

/** The server (or the network) said no; the message is what mailctl prints. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** From an RFC 9457 problem detail when there is one, else from the raw body. */
    static ApiException from(int status, JsonNode problem, String body) {
        String detail = problem.path("detail").asString("");
        String title = problem.path("title").asString("");
        String message = !detail.isEmpty() ? detail : !title.isEmpty() ? title : body;
        if (message == null || message.isBlank()) {
            message = "HTTP " + status;
        }
        return new ApiException(status, message + " (HTTP " + status + ")");
    }

    /** 0 when no HTTP answer came at all. */
    int status() {
        return status;
    }
}
