package org.mailplatform.smtp.msgauth;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.mailauth.AuthenticationResults;
import org.mailplatform.mailauth.ForgedResultsFilter;
import org.mailplatform.mailauth.dkim.DkimVerifier;
import org.mailplatform.mailauth.dmarc.DmarcEvaluator;
import org.mailplatform.mailauth.dmarc.DmarcResult;
import org.mailplatform.mailauth.dmarc.DmarcVerdict;
import org.mailplatform.mailauth.dmarc.OrganizationalDomain;
import org.mailplatform.smtp.clientcheck.DnsQuery;
import org.mailplatform.smtp.clientcheck.Networks;
import org.mailplatform.smtp.config.SmtpProperties;

/**
 * The node's message authentication on the MX listener (OpenDKIM and OpenDMARC's work behind
 * Postfix): hands each message an {@link InboundCheck} that verifies its DKIM signatures as the
 * body streams in, and, once the body is stored, evaluates DMARC and writes Authentication-Results.
 *
 * <p>Metrics: {@code mail.smtp.dkim{result}} per signature ({@code none} for an unsigned
 * message), {@code mail.smtp.dmarc{result,action}} per evaluated {@code From} domain, and
 * {@code mail.smtp.rejected{reason}} with {@code dmarc} or {@code header_too_large}.
 */
public final class MessageAuthenticator {

    /** Most distinct {@code From} domains one message is evaluated for; a well-formed one has one. */
    static final int MAX_FROM_DOMAINS = 5;
    /**
     * Most bytes of an {@code Authentication-Results} field held before its authserv-id is read;
     * one that puts more (comments) in front of it is removed as if it claimed ours.
     */
    static final int MAX_UNDECIDED_FIELD = 8192;

    private final SmtpProperties.MessageAuth settings;
    private final String authservId;
    private final Networks exempt;
    private final TxtQueries txt;
    private final OrganizationalDomain organizational = new OrganizationalDomain();
    private final DkimVerifier dkim;
    private final DmarcEvaluator dmarc;
    private final DmarcActions actions;
    private final MeterRegistry meters;

    /** @throws IllegalArgumentException for malformed settings, naming the key */
    public MessageAuthenticator(SmtpProperties settings, DnsQuery dns, Networks exempt, MeterRegistry meters) {
        this.settings = settings.messageAuth();
        this.authservId = settings.hostname();
        this.exempt = exempt;
        this.meters = meters;
        this.txt = new TxtQueries(dns);
        this.dkim = new DkimVerifier(txt, this.settings.maxSignatures());
        this.dmarc = new DmarcEvaluator(txt, organizational);
        this.actions = new DmarcActions(this.settings);
    }

    /** Whether a client's messages are checked: enabled and the client outside the exempt networks. */
    public boolean applies(InetAddress client) {
        return settings.enabled() && !exempt.contains(client);
    }

    /**
     * The filter that takes {@code Authentication-Results} fields claiming this host's authserv-id
     * out of a message before it is stored (RFC 8601 section 5), or null where they may stay: on
     * the MX listener for clients outside the exempt networks (whether or not the checks are
     * enabled), on submission and SMTPS for every client, since a user's mail program is no judge
     * of what this host checked either. Clients in the exempt networks are inside the ADMD (a
     * filter in front of us may have written the field in our name) and keep theirs.
     */
    public ForgedResultsFilter forgedResultsFilter(InetAddress client, boolean submission) {
        if (!submission && exempt.contains(client)) {
            return null;
        }
        return new ForgedResultsFilter(AuthenticationResults.authservId(authservId), MAX_UNDECIDED_FIELD);
    }

    /** The check of one message, fed on the event loop, concluded on a blocking thread. */
    public InboundCheck begin() {
        return new InboundCheck(this, (int) Math.min(Integer.MAX_VALUE, settings.maxHeaderSize().toBytes()),
                settings.maxHeaderFields());
    }

    SmtpProperties.MessageAuth settings() {
        return settings;
    }

    String authservId() {
        return authservId;
    }

    DkimVerifier dkim() {
        return dkim;
    }

    /** DMARC for each distinct From domain (at most {@link #MAX_FROM_DOMAINS}); null when DMARC is off. */
    List<DmarcVerdict> dmarc(List<String> fromDomains, String spfDomain, List<String> dkimDomains) {
        if (!settings.dmarc()) {
            return null;
        }
        List<DmarcVerdict> verdicts = fromDomains.stream().limit(MAX_FROM_DOMAINS)
                .map(domain -> domain == null
                        ? new DmarcVerdict(DmarcResult.NONE, null, null, null, null, "From without a usable domain")
                        : dmarc.evaluate(new org.mailplatform.mailauth.dmarc.DmarcInput(domain, spfDomain, dkimDomains)))
                .toList();
        return verdicts.isEmpty()
                ? List.of(new DmarcVerdict(DmarcResult.NONE, null, null, null, null, "no From address"))
                : verdicts;
    }

    /**
     * Starts the DNS questions a message will need once its body is in: its signatures' keys and
     * the DMARC records of its From domains (and their organizational domains, the fallback).
     * Does not wait: called on the event loop when the header has arrived.
     */
    void prefetch(List<String> keyNames, List<String> fromDomains) {
        keyNames.forEach(txt::prefetch);
        if (!settings.dmarc()) {
            return;
        }
        fromDomains.stream().filter(java.util.Objects::nonNull).limit(MAX_FROM_DOMAINS).forEach(domain -> {
            txt.prefetch("_dmarc." + domain);
            try {
                String org = organizational.of(domain);
                if (!org.equals(domain)) {
                    txt.prefetch("_dmarc." + org);
                }
            } catch (IllegalArgumentException notADomain) {
                // DMARC will find no record for it either
            }
        });
    }

    /** The verdict that decides: the strictest disposition (a forged second From must not hide behind the first). */
    static DmarcVerdict strictest(List<DmarcVerdict> verdicts) {
        return verdicts.stream().max(Comparator.comparing(DmarcVerdict::disposition)).orElseThrow();
    }

    DmarcActions actions() {
        return actions;
    }

    void countSignature(String result) {
        Counter.builder("mail.smtp.dkim").tag("result", result).register(meters).increment();
    }

    void countDmarc(String result, String action) {
        Counter.builder("mail.smtp.dmarc").tags("result", result, "action", action).register(meters).increment();
    }

    void countRejected(String reason) {
        Counter.builder("mail.smtp.rejected").tag("reason", reason).register(meters).increment();
    }
}
