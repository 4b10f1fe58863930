package org.mailplatform.auth.problem;

import org.mailplatform.auth.address.InvalidAddressException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error of the HTTP API as an RFC 9457 problem detail: our own {@link ApiProblem}s,
 * Spring MVC's own errors (unreadable JSON, wrong method) through the base class, and invalid
 * addresses that surface from deep inside as {@link InvalidAddressException}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(InvalidAddressException.class)
    ProblemDetail invalidAddress(InvalidAddressException e) {
        return ApiProblem.invalidAddress(e.getMessage()).getBody();
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ApiProblem.badRequest(e.getMessage()).getBody();
        problem.setStatus(HttpStatus.BAD_REQUEST.value());
        return problem;
    }
}
