package org.mailplatform.smtp.config;

import java.net.InetAddress;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;

/**
 * The directory when none is configured ({@code mail.directory.base-url} unset): it cannot answer,
 * so every recipient and login gets a temporary failure (451 4.4.3 / 454 4.7.0) and no mail is
 * accepted or lost by mistake.
 */
final class UnconfiguredDirectory implements Directory {

    private static final String DETAIL = "no directory configured (mail.directory.base-url)";

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        return new AuthResult.Unavailable(DETAIL);
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        return new Resolution.Unavailable(DETAIL);
    }
}
