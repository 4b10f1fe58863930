package org.mailplatform.auth.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal of the admin API, rendered as an RFC 9457 problem detail. The {@code type} URIs are
 * stable identifiers that clients (mailctl) may switch on; the detail is for humans.
 */
public class ApiProblem extends ErrorResponseException {

    private static final long serialVersionUID = 1L;

    private ApiProblem(HttpStatus status, String type, String title, String detail) {
        super(status, problem(status, type, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:mailplatform:problem:" + type));
        problem.setTitle(title);
        return problem;
    }

    public static ApiProblem invalidAddress(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-address", "Invalid address", detail);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static ApiProblem notFound(String what, String name) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "unknown-" + what, "Unknown " + what, "no " + what + " " + name);
    }

    public static ApiProblem duplicate(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "duplicate", "Already exists", detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static ApiProblem otherTenant(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "other-tenant", "Belongs to another tenant", detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    public static ApiProblem unavailable(String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", detail);
    }
}
