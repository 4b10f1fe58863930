package org.mailplatform.directory.client.wire;

import org.mailplatform.directory.client.Protocol;

/**
 * Body of {@link DirectoryApi#AUTHENTICATE_PATH}.
 *
 * @param clientAddress the client's IP address as text, or {@code null}
 */
public record AuthenticateRequest(String login, String secret, Protocol protocol, String clientAddress) {

    @Override
    public String toString() {
        return "AuthenticateRequest[login=" + login + ", protocol=" + protocol + ", clientAddress=" + clientAddress + "]";
    }
}
