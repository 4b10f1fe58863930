package org.mailplatform.delivery.router;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.srs.SenderRewriting;

/**
 * The reverse-path of mail relayed to another provider (postsrsd's forward map): a sender whose
 * domain is not hosted here can only be in an outbound record because an alias or catch-all
 * forwards the mail, and the receiver's SPF check would fail against our addresses. Such a sender
 * is rewritten into its SRS form at the SRS domain, whose bounces the directory maps back.
 * Senders at hosted domains (our users' submissions, a user's mail forwarded by another user's
 * alias) and the null sender stay as they are.
 *
 * <p>Metric: {@code mail.delivery.srs.rewritten}.
 */
public final class ForwardingSender {

    private final SenderRewriting srs;
    private final Directory directory;
    private final MeterRegistry meters;

    /** @param srs the scheme, or {@code null} when SRS is off (no {@code mail.srs.domain}) */
    public ForwardingSender(SenderRewriting srs, Directory directory, MeterRegistry meters) {
        this.srs = srs;
        this.directory = directory;
        this.meters = meters;
    }

    /**
     * The reverse-path for this message's outbound records, or {@code null} for its own.
     *
     * @throws DirectoryUnavailableException when the directory cannot say whether the sender's
     *                                       domain is hosted: the router tries the record again
     */
    public String reversePathFor(InboundMessage message) {
        String sender = message.mailFrom();
        if (srs == null || sender == null || sender.isEmpty()) {
            return null;
        }
        return switch (directory.resolve(sender)) {
            case Resolution.NotLocalDomain n -> {
                meters.counter("mail.delivery.srs.rewritten").increment();
                yield srs.forward(sender);
            }
            case Resolution.Unavailable u -> throw new DirectoryUnavailableException(u.detail());
            default -> null;
        };
    }
}
