package org.mailplatform.mailbox.api;

import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.mailplatform.store.StoreUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Store failures as RFC 9457 problem details. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(MailboxException.class)
    ProblemDetail mailbox(MailboxException e) {
        HttpStatus status = switch (e) {
            case MailboxException.NotFound n -> HttpStatus.NOT_FOUND;
            case MailboxException.AlreadyExists a -> HttpStatus.CONFLICT;
            case MailboxException.InvalidName i -> HttpStatus.BAD_REQUEST;
            case MailboxException.NotAllowed n -> HttpStatus.FORBIDDEN;
            case OverQuotaException o -> HttpStatus.INSUFFICIENT_STORAGE;
            case MessageTooLargeException t -> HttpStatus.CONTENT_TOO_LARGE;
            case StoreUnavailableException u -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ProblemDetail.forStatusAndDetail(status, e.getMessage());
    }
}
