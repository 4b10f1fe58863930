package org.mailplatform.mailbox.api;

import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.events.ChangePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ends every open session of one user on every IMAP and POP3 node, as Dovecot's {@code doveadm kick}: for an
 * account that was suspended, removed or whose password was changed after a compromise ({@code
 * mailctl user kick}, and {@code user suspend|remove} after the account change). Admins only.
 *
 * <p>Nothing is stored: the request becomes one {@link MailboxChange.Kind#SESSIONS_REVOKED} event on
 * {@code mailbox.changes}, the per-user stream every IMAP and POP3 node reads. The publisher sends without
 * waiting for the broker, so the answer is 202: the nodes close the sessions moments later. Repeating
 * it is harmless (a node with no session of the user ignores it).
 */
@RestController
class SessionRevocationController {

    private static final Logger log = LoggerFactory.getLogger(SessionRevocationController.class);

    /** Whose sessions are being ended. */
    record RevokedView(String tenant, String userId, Instant at) {
    }

    private final ChangePublisher changes;
    private final Principals principals;
    private final Counter revoked;

    SessionRevocationController(ChangePublisher changes, Principals principals, MeterRegistry meters) {
        this.changes = changes;
        this.principals = principals;
        // registered up front, so the series exists (at zero) before the first kick
        this.revoked = Counter.builder("mail.users.sessions.revoked")
                .description("requests to end all of a user's sessions").register(meters);
    }

    @PostMapping("/api/mail/users/{userId}/sessions/revoke")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RevokedView revoke(HttpServletRequest request, @PathVariable String userId,
                       @RequestParam(required = false) String tenant) {
        Principal owner = principals.resolve(request, userId, tenant);
        Instant at = Instant.now();
        changes.publish(MailboxChange.sessionsRevoked(owner.tenantId(), owner.userId(), at));
        revoked.increment();
        log.info("revoking the sessions of user {} of tenant {}", owner.userId(), owner.tenantId());
        return new RevokedView(owner.tenantId(), owner.userId(), at);
    }
}
