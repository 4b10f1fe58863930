package org.mailplatform.smtp.msgauth;

import java.util.List;
import java.util.Locale;

import org.mailplatform.mailauth.dmarc.Policy;
import org.mailplatform.smtp.config.SmtpProperties;

/**
 * What the MX does with a message that fails DMARC, by the policy its domain asked for and the
 * operator's settings: refuse it, file it in Junk, or only report it in Authentication-Results.
 */
final class DmarcActions {

    enum Action { REJECT, JUNK, TAG }

    private final Action onReject;
    private final Action onQuarantine;

    /** @throws IllegalArgumentException for an action the key does not allow, naming the key */
    DmarcActions(SmtpProperties.MessageAuth settings) {
        this.onReject = parse("dmarc-reject-action", settings.dmarcRejectAction(),
                List.of("reject", "quarantine", "tag"));
        this.onQuarantine = parse("dmarc-quarantine-action", settings.dmarcQuarantineAction(), List.of("junk", "tag"));
    }

    /** The action for a message whose DMARC disposition (after pct) is {@code disposition}. */
    Action of(Policy disposition) {
        return switch (disposition) {
            case REJECT -> onReject;
            case QUARANTINE -> onQuarantine;
            case NONE -> Action.TAG;
        };
    }

    private static Action parse(String key, String value, List<String> allowed) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("mail.smtp.message-auth." + key + ": '" + value + "' is not one of " + allowed);
        }
        return switch (v) {
            case "reject" -> Action.REJECT;
            case "quarantine", "junk" -> Action.JUNK;
            default -> Action.TAG;
        };
    }
}
