package org.mailplatform.directory.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of {@link SubmissionLimits#reserveSubmission}: whether an authenticated user may
 * submit one more message under the cluster-wide limits, which auth-service counts.
 */
public sealed interface SubmissionAllowance {

    /** The window a limit applies to: UTC calendar hours and days. */
    enum Window { HOUR, DAY }

    /**
     * The message is counted and within both limits.
     *
     * @param hourCount messages counted in the current hour, this one included
     * @param dayCount  messages counted in the current day, this one included
     */
    record Allowed(long hourCount, long dayCount) implements SubmissionAllowance {
    }

    /**
     * Over a limit: nothing was counted. {@code resetsAt} is when the exceeded window turns (the
     * later one when both are exceeded), for the reply text and the logs.
     */
    record Limited(Window window, long limit, Instant resetsAt) implements SubmissionAllowance {
        public Limited {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(resetsAt, "resetsAt");
        }
    }

    /**
     * The directory could not answer (down, timed out, circuit open, an older auth-service): the
     * caller decides on its own, e.g. with a node-local limiter. Never a reason to refuse all mail.
     */
    record Unknown(String detail) implements SubmissionAllowance {
        public Unknown {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
