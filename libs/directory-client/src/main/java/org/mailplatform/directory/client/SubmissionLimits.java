package org.mailplatform.directory.client;

import org.mailplatform.model.Principal;

/**
 * Cluster-wide submission rate limits (messages per user per hour and per day), counted by
 * auth-service so that every smtp-ingress replica sees the same counters. {@link HttpDirectory}
 * implements it next to {@link Directory}.
 */
public interface SubmissionLimits {

    /**
     * Counts one message of {@code principal} if it is within the limits, atomically across the
     * cluster. Blocking; never throws: a directory that cannot answer gives
     * {@link SubmissionAllowance.Unknown}. Never cached, as every call counts.
     */
    SubmissionAllowance reserveSubmission(Principal principal);
}
