package org.mailplatform.store;

import java.util.Objects;

/**
 * What became of one message of {@link MailboxStore#appendAll}: stored (or found stored under its
 * idempotency key), or the exception its own {@link MailboxStore#append} would have thrown.
 *
 * @param result  the stored message; null when it failed
 * @param failure why it was not stored; null when it was
 */
public record AppendOutcome(AppendResult result, RuntimeException failure) {

    public AppendOutcome {
        if ((result == null) == (failure == null)) {
            throw new IllegalArgumentException("exactly one of result and failure");
        }
    }

    public static AppendOutcome stored(AppendResult result) {
        return new AppendOutcome(Objects.requireNonNull(result, "result"), null);
    }

    public static AppendOutcome failed(RuntimeException failure) {
        return new AppendOutcome(null, Objects.requireNonNull(failure, "failure"));
    }

    public boolean isStored() {
        return result != null;
    }

    /**
     * A failure of this message alone (over quota, too large): the messages after it were still
     * appended. Any other failure ends {@link MailboxStore#appendAll} at this message.
     */
    public boolean isRefusal() {
        return failure instanceof OverQuotaException || failure instanceof MessageTooLargeException;
    }

    /** The result, or the failure thrown. */
    public AppendResult get() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
