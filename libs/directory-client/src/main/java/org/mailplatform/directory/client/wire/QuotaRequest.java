package org.mailplatform.directory.client.wire;

/** Body of {@link DirectoryApi#QUOTA_PATH}: the user id of a principal. */
public record QuotaRequest(String userId) {
}
