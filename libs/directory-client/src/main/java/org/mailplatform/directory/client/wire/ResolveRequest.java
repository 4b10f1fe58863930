package org.mailplatform.directory.client.wire;

/** Body of {@link DirectoryApi#RESOLVE_PATH}: a recipient address without angle brackets. */
public record ResolveRequest(String address) {
}
