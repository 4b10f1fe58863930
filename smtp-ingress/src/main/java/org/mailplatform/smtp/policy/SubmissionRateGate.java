package org.mailplatform.smtp.policy;

import java.util.Optional;

import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.directory.client.SubmissionLimits;
import org.mailplatform.model.Principal;
import org.mailplatform.smtp.codec.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-user submission rate at MAIL FROM: the cluster-wide counters in auth-service decide,
 * so N replicas behind a balancer still let a user send only the configured number of messages;
 * a reservation counts the message there at once (an accepted MAIL counts even if the transaction
 * is later abandoned: conservative, as policy daemons count). When the directory cannot answer,
 * this node's own {@link SendRateLimiter} decides instead, so an auth-service outage neither lifts
 * the limit nor stops all submission. The local limiter keeps counting every queued message
 * (DataPhase records it) whichever decided, so a fallback starts from what this node has really
 * sent rather than from zero. Blocking: call from the blocking work, never the event loop.
 */
public final class SubmissionRateGate {

    /** What a node without an auth-service (e.g. a test directory) has: every answer is unknown. */
    public static final SubmissionLimits NO_CLUSTER_COUNTERS =
            principal -> new SubmissionAllowance.Unknown("the directory keeps no submission counters");

    private static final Logger LOG = LoggerFactory.getLogger(SubmissionRateGate.class);

    private final SubmissionLimits cluster;
    private final SendRateLimiter local;

    public SubmissionRateGate(SubmissionLimits cluster, SendRateLimiter local) {
        this.cluster = cluster;
        this.local = local;
    }

    /** Empty when {@code user} may start another message (then counted cluster-wide), else the 450 refusal. */
    public Optional<SmtpReply> refusal(Principal user) {
        return switch (cluster.reserveSubmission(user)) {
            case SubmissionAllowance.Allowed a -> Optional.empty();
            case SubmissionAllowance.Limited l -> {
                LOG.info("submission of user {} refused: {} limit of {} messages reached until {}", user.userId(),
                        l.window() == SubmissionAllowance.Window.HOUR ? "hourly" : "daily", l.limit(), l.resetsAt());
                yield Optional.of(exceeded());
            }
            case SubmissionAllowance.Unknown u -> {
                LOG.debug("submission rate of user {} checked on this node only: {}", user.userId(), u.detail());
                yield local.allowed(user.userId()) ? Optional.empty() : Optional.of(exceeded());
            }
        };
    }

    private static SmtpReply exceeded() {
        return SmtpReply.of(450, "4.7.1", "Sending rate exceeded, try again later");
    }
}
