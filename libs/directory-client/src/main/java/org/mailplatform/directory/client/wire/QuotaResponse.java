package org.mailplatform.directory.client.wire;

import org.mailplatform.directory.client.QuotaResult;

/**
 * Answer of {@link DirectoryApi#QUOTA_PATH}; limits are {@code null} when unlimited.
 *
 * @param outcome {@code FOUND} or {@code UNKNOWN_USER}
 */
public record QuotaResponse(String outcome, Long userMaxBytes, Long userMaxMessages, Long domainMaxBytes,
        Long domainMaxMessages) {

    public static final String FOUND = "FOUND";
    public static final String UNKNOWN_USER = "UNKNOWN_USER";

    public static QuotaResponse unknownUser() {
        return new QuotaResponse(UNKNOWN_USER, null, null, null, null);
    }

    public QuotaResult toResult() {
        if (FOUND.equals(outcome)) {
            return new QuotaResult.Limits(userMaxBytes, userMaxMessages, domainMaxBytes, domainMaxMessages);
        }
        if (UNKNOWN_USER.equals(outcome)) {
            return new QuotaResult.UnknownUser();
        }
        return new QuotaResult.Unavailable("malformed directory answer: outcome " + outcome);
    }
}
