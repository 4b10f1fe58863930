package org.mailplatform.imap.mailbox;

import java.util.concurrent.RejectedExecutionException;

import org.mailplatform.blob.BlobStoreUnavailableException;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.mailplatform.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a failure of the mailbox store to the tagged response RFC 9051 section 7.1 (and RFC 5530's
 * response codes) asks for: {@code [UNAVAILABLE]} for anything temporary, {@code [NONEXISTENT]},
 * {@code [ALREADYEXISTS]}, {@code [OVERQUOTA]}, {@code [TOOBIG]}, {@code [CANNOT]}.
 */
public final class StoreFailures {

    private static final Logger log = LoggerFactory.getLogger(StoreFailures.class);

    /** RFC 6154: a special-use attribute the server cannot give this mailbox. */
    static final ResponseCode USEATTR = ResponseCode.of("USEATTR");

    private StoreFailures() {
    }

    public static ImapResponse.Tagged response(String tag, Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return switch (f) {
            case StoreUnavailableException e -> unavailable(tag, e);
            case BlobStoreUnavailableException e -> unavailable(tag, e);
            case RejectedExecutionException e -> no(tag, ResponseCode.UNAVAILABLE, "server busy, try again later");
            case MailboxException.NotFound e -> no(tag, ResponseCode.NONEXISTENT, "no such mailbox");
            case MailboxException.AlreadyExists e -> no(tag, ResponseCode.ALREADYEXISTS, "mailbox already exists");
            case MailboxException.InvalidName e -> no(tag, ResponseCode.CANNOT, e.getMessage());
            case MailboxException.NotAllowed e -> no(tag, ResponseCode.CANNOT, e.getMessage());
            case MailboxException.SpecialUseTaken e -> no(tag, USEATTR, e.getMessage());
            case OverQuotaException e -> no(tag, ResponseCode.OVERQUOTA, "quota exceeded");
            case MessageTooLargeException e -> no(tag, ResponseCode.TOOBIG, "message too large");
            case ImapSyntaxException e -> new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, e.code(), e.getMessage());
            case MailboxException e -> {
                log.warn("mailbox store refused: {}", e.toString());
                yield no(tag, ResponseCode.CANNOT, e.getMessage());
            }
            default -> {
                log.error("mailbox operation failed", f);
                yield no(tag, ResponseCode.SERVERBUG, "internal error");
            }
        };
    }

    /**
     * The client is told to come back later; the operator learns why. A call refused by an open
     * circuit breaker is logged at debug only: the failures that opened it were logged already, and
     * while it is open every command would log the same line.
     */
    private static ImapResponse.Tagged unavailable(String tag, RuntimeException e) {
        if (String.valueOf(e.getMessage()).contains("circuit open")) {
            log.debug("mail store unavailable: {}", e.getMessage());
        } else {
            log.warn("mail store unavailable: {}", e.getMessage());
        }
        return no(tag, ResponseCode.UNAVAILABLE, "mail store unavailable, try again later");
    }

    static ImapResponse.Tagged no(String tag, ResponseCode code, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, code, text);
    }
}
