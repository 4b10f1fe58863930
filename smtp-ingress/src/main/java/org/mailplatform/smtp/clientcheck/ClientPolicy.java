package org.mailplatform.smtp.clientcheck;

import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.config.SmtpProperties;

/**
 * Decides RCPT TO on the MX listener from a client's report, as Postfix's {@code reject_rbl_client}
 * and {@code reject_unknown_client_hostname} do: a listed client gets {@code 554 5.7.1}, a client
 * without a verified name (when required) {@code 450 4.7.25} (RFC 7372), temporary because DNS can
 * be wrong for a while; a sender's domain, a HELO name or a client name that a domain list names
 * gets {@code 554 5.7.1} too ({@code reject_rhsbl_sender}, {@code _helo}, {@code _client}).
 * Counts each refused RCPT as {@code mail.smtp.rejected} with the {@code reason} (dnsbl,
 * unknown_client_hostname, rhsbl_sender, rhsbl_helo, rhsbl_client).
 */
public final class ClientPolicy {

    private final String dnsblReply;
    private final SmtpProperties.ClientChecks settings;
    private final boolean requireHostname;
    private final MeterRegistry meters;

    public ClientPolicy(SmtpProperties.ClientChecks settings, MeterRegistry meters) {
        this.dnsblReply = settings.dnsblReply();
        this.settings = settings;
        this.requireHostname = settings.requireClientHostname();
        this.meters = meters;
    }

    /** The refusal of every RCPT of this client, or empty when its recipients may be checked. */
    public Optional<SmtpReply> refusal(ClientReport report, String clientIp) {
        if (report.listedIn() != null) {
            count("dnsbl");
            return Optional.of(listed(dnsblReply.replace("${client}", clientIp), report.listedIn(), report.listingReason()));
        }
        if (requireHostname && !(report.name() instanceof ClientName.Verified || report.name() instanceof ClientName.NotLookedUp)) {
            count("unknown_client_hostname");
            return Optional.of(SmtpReply.of(450, "4.7.25", "Client host rejected: cannot find your hostname, [" + clientIp + "]"));
        }
        return Optional.empty();
    }

    /**
     * The refusal of every RCPT while a domain list names what {@code report} is about (this
     * transaction's sender domain, the HELO name, the client's name), or empty.
     */
    public Optional<SmtpReply> domainRefusal(DomainReport report) {
        if (report == null || report.listedIn() == null) {
            return Optional.empty();
        }
        RhsblCheck check = report.check();
        count(check.reason());
        return Optional.of(listed(check.reply(settings).replace(check.placeholder(), report.domain()), report.listedIn(),
                report.listingReason()));
    }

    /** As Postfix: the list's own TXT text after the reply, so the sender learns how to get delisted. */
    private static SmtpReply listed(String template, String zone, String reason) {
        String text = template.replace("${zone}", zone);
        return SmtpReply.of(554, "5.7.1", reason == null ? text : text + "; " + reason);
    }

    private void count(String reason) {
        Counter.builder("mail.smtp.rejected").tag("reason", reason).register(meters).increment();
    }
}
