package org.mailplatform.smtp.policy;

import java.util.Locale;

import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;
import org.mailplatform.smtp.codec.SmtpReply;

/**
 * On submission, MAIL FROM must be the authenticated user's address or one of their aliases
 * (RFC 6409 section 6.1 lets the MSA enforce this); anything else is 553 5.7.1. Blocking.
 */
public final class SenderPolicy {

    private final Directory directory;

    public SenderPolicy(Directory directory) {
        this.directory = directory;
    }

    public SmtpReply check(String from, Principal user) {
        if (from.isEmpty()) {
            return refused();
        }
        String wanted = from.toLowerCase(Locale.ROOT);
        if (wanted.equals(user.address().toLowerCase(Locale.ROOT))) {
            return ok();
        }
        return switch (directory.resolve(from)) {
            case Resolution.LocalUser u -> u.principal().userId().equals(user.userId()) ? ok() : refused();
            case Resolution.Expanded e -> e.targets().stream().anyMatch(t -> t.equalsIgnoreCase(user.address())) ? ok() : refused();
            case Resolution.Unavailable u -> SmtpReply.of(451, "4.4.3", "Directory unavailable, try again later");
            case Resolution.NotLocalDomain n -> refused();
            case Resolution.UnknownUser u -> refused();
        };
    }

    private static SmtpReply ok() {
        return SmtpReply.of(250, "2.1.0", "Ok");
    }

    private static SmtpReply refused() {
        return SmtpReply.of(553, "5.7.1", "Sender address rejected: not owned by user");
    }
}
