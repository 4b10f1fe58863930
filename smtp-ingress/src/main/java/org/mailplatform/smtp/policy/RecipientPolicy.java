package org.mailplatform.smtp.policy;

import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.smtp.codec.SmtpReply;

/**
 * Decides RCPT TO (RFC 5321 4.1.1.3) through the directory: local users and aliases are accepted
 * everywhere; other domains only for an authenticated client (no open relay). Blocking: call it
 * off the event loop.
 */
public final class RecipientPolicy {

    private final Directory directory;

    public RecipientPolicy(Directory directory) {
        this.directory = directory;
    }

    /**
     * @param recipient     the forward-path
     * @param relayAllowed  whether the client may send to other domains (authenticated)
     * @return the reply; positive means accepted
     */
    public SmtpReply check(String recipient, boolean relayAllowed) {
        return switch (directory.resolve(recipient)) {
            case Resolution.LocalUser u -> SmtpReply.of(250, "2.1.5", "Ok");
            case Resolution.Expanded e -> SmtpReply.of(250, "2.1.5", "Ok");
            case Resolution.NotLocalDomain n -> relayAllowed
                    ? SmtpReply.of(250, "2.1.5", "Ok")
                    : SmtpReply.of(550, "5.7.1", "Relay access denied");
            case Resolution.UnknownUser u -> SmtpReply.of(550, "5.1.1", "Recipient address rejected: user unknown");
            case Resolution.Unavailable u -> SmtpReply.of(451, "4.4.3", "Directory unavailable, try again later");
        };
    }
}
