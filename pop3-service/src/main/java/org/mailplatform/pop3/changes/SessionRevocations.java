package org.mailplatform.pop3.changes;

import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.pop3.server.Pop3Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pop3-service does with {@code mailbox.changes} (read by libs/mailbox-store's
 * {@code ChangeFeedConsumer}): only {@link MailboxChange.Kind#SESSIONS_REVOKED}, an operator ending
 * the user's sessions, matters to POP3; every session of the user on this node ends without UPDATE
 * ({@link Pop3Sessions#revoke}). Answers whether the user had a session here. Sessions ended are
 * counted in {@code mail.pop3.sessions.revoked}.
 */
public final class SessionRevocations implements Predicate<MailboxChange> {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

    private final Pop3Sessions sessions;
    private final Counter revoked;

    public SessionRevocations(Pop3Sessions sessions, MeterRegistry meters) {
        this.sessions = sessions;
        this.revoked = Counter.builder("mail.pop3.sessions.revoked")
                .description("POP3 sessions on this node ended by a sessions-revoked event (an operator's kick)")
                .register(meters);
    }

    /** The only kind this listener asks the consumer for. */
    public static boolean wanted(MailboxChange.Kind kind) {
        return kind == MailboxChange.Kind.SESSIONS_REVOKED;
    }

    @Override
    public boolean test(MailboxChange change) {
        if (change.kind() != MailboxChange.Kind.SESSIONS_REVOKED) {
            return false;
        }
        int ended = sessions.revoke(change.tenantId(), change.userId());
        if (ended == 0) {
            return false;
        }
        revoked.increment(ended);
        log.info("ended {} POP3 session(s) of user {} (tenant {}): sessions revoked at {}", ended, change.userId(),
                change.tenantId(), change.at());
        return true;
    }
}
