package org.mailplatform.directory.client.wire;

import java.time.Instant;

import org.mailplatform.directory.client.SubmissionAllowance;

/**
 * Answer of {@link DirectoryApi#SUBMISSIONS_PATH}.
 *
 * @param outcome   {@code ALLOWED} (counted) or {@code LIMITED} (not counted)
 * @param hourCount messages counted in the current UTC hour (with this one when allowed)
 * @param dayCount  messages counted in the current UTC day (with this one when allowed)
 * @param window    when limited: {@code HOUR} or {@code DAY}, the exceeded window
 * @param limit     when limited: that window's limit
 * @param resetsAt  when limited: when that window turns
 */
public record SubmissionResponse(String outcome, long hourCount, long dayCount, String window, Long limit,
        Instant resetsAt) {

    public static final String ALLOWED = "ALLOWED";
    public static final String LIMITED = "LIMITED";

    public static SubmissionResponse allowed(long hourCount, long dayCount) {
        return new SubmissionResponse(ALLOWED, hourCount, dayCount, null, null, null);
    }

    public static SubmissionResponse limited(long hourCount, long dayCount, SubmissionAllowance.Window window,
            long limit, Instant resetsAt) {
        return new SubmissionResponse(LIMITED, hourCount, dayCount, window.name(), limit, resetsAt);
    }

    public SubmissionAllowance toAllowance() {
        if (ALLOWED.equals(outcome)) {
            return new SubmissionAllowance.Allowed(hourCount, dayCount);
        }
        if (LIMITED.equals(outcome) && limit != null && resetsAt != null
                && ("HOUR".equals(window) || "DAY".equals(window))) {
            return new SubmissionAllowance.Limited(SubmissionAllowance.Window.valueOf(window), limit, resetsAt);
        }
        return new SubmissionAllowance.Unknown("malformed directory answer: outcome " + outcome);
    }
}
