package org.mailplatform.directory.client;

/** The outcome of {@link DirectoryQuotas#quotaOf}: a user's storage limits as the directory keeps them. */
public sealed interface QuotaResult {

    /**
     * The limits that apply to the user; {@code null} means unlimited. The mailbox side enforces
     * both the user's own limits and its domain's (the domain's count every user of the domain).
     */
    record Limits(Long userMaxBytes, Long userMaxMessages, Long domainMaxBytes, Long domainMaxMessages)
            implements QuotaResult {
    }

    /** The directory does not know this user (deleted since it was resolved). */
    record UnknownUser() implements QuotaResult {
    }

    /** The directory could not answer: a temporary failure. */
    record Unavailable(String detail) implements QuotaResult {
        public Unavailable {
            java.util.Objects.requireNonNull(detail, "detail");
        }
    }
}
