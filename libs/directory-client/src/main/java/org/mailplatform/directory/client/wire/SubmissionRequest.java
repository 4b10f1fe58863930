package org.mailplatform.directory.client.wire;

/** Body of {@link DirectoryApi#SUBMISSIONS_PATH}: the submitting principal. */
public record SubmissionRequest(String tenantId, String userId) {
}
