package org.mailplatform.directory.client.wire;

/** Body of {@link DirectoryApi#DKIM_PATH}: the domain to sign for, any case, A-label or U-label. */
public record DkimKeyRequest(String domain) {
}
