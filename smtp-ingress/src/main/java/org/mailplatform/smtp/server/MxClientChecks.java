package org.mailplatform.smtp.server;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.mailplatform.smtp.clientcheck.ClientName;
import org.mailplatform.smtp.clientcheck.ClientReport;
import org.mailplatform.smtp.clientcheck.DomainListChecker;
import org.mailplatform.smtp.clientcheck.DomainReport;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.spf.SpfQuery;
import org.mailplatform.smtp.spf.SpfVerdict;

/**
 * One connection's checks of an MX client and its senders, as Postfix's smtpd restrictions run
 * them: the client checks (DNSBL, reverse DNS) start at admission, and the domain lists' check of
 * the client's name as soon as reverse DNS has verified one; the HELO name's domain lists at each
 * HELO/EHLO; the sender domain's block lists and SPF at each MAIL; all are asked for their verdict
 * at RCPT ({@link #atRcpt}). Nothing here waits: the session awaits the futures. On submission and
 * SMTPS nothing is checked ({@link #NONE}).
 */
final class MxClientChecks {

    /** The checks of a submission or SMTPS connection: none. */
    static final MxClientChecks NONE = new MxClientChecks(null, null, null, null);

    /**
     * One check a RCPT passes: what is still running ({@code null}: nothing to wait for), and its
     * refusal once that is done (empty: the RCPT goes on to the next check).
     */
    record AtRcpt(CompletableFuture<?> pending, Supplier<Optional<SmtpReply>> refusal) {
    }

    private final SmtpServices services;
    private final InetAddress client;
    private final CompletableFuture<ClientReport> report;
    /** The domain lists' report on the client's verified name; null when nothing is asked. */
    private final CompletableFuture<DomainReport> clientName;

    private MxClientChecks(SmtpServices services, InetAddress client, CompletableFuture<ClientReport> report,
                           CompletableFuture<DomainReport> clientName) {
        this.services = services;
        this.client = client;
        this.report = report;
        this.clientName = clientName;
    }

    /** Starts the client checks of a client admitted on the MX listener. */
    static MxClientChecks start(SmtpServices services, InetAddress client) {
        CompletableFuture<ClientReport> report = services.clientChecks().check(client);
        return new MxClientChecks(services, client, report, clientNameCheck(services.clientNameLists(), client, report));
    }

    /**
     * The domain lists' check of the client's name, started as soon as the client checks have
     * verified one (forward-confirmed: a name that only a PTR claims could be anybody's, listed or
     * not), so no thread waits for the first; a client without a verified name is not asked about.
     */
    private static CompletableFuture<DomainReport> clientNameCheck(DomainListChecker lists, InetAddress client,
                                                                   CompletableFuture<ClientReport> report) {
        if (!lists.configured()) {
            return null;
        }
        CompletableFuture<DomainReport> nothing = CompletableFuture.completedFuture(null);
        return report.thenCompose(r -> r.name() instanceof ClientName.Verified verified
                ? Objects.requireNonNullElse(lists.check(client, verified.name()), nothing)
                : nothing);
    }

    /** The client's report once known; exempt (nothing looked up) on submission or before it is. */
    ClientReport report() {
        return report == null ? ClientReport.EXEMPT : report.getNow(ClientReport.EXEMPT);
    }

    /**
     * Starts SPF of a MAIL FROM on the session's blocking work; null where SPF does not apply
     * (submission, exempt clients, SPF off).
     */
    CompletableFuture<SpfVerdict> startSpf(String from, String helo, Channel channel) {
        if (services == null || !services.spf().applies(client)) {
            return null;
        }
        return services.spf().start(new SpfQuery(client, from, helo), services.blocking(), channel);
    }

    /** Starts the domain block lists' check of a HELO/EHLO name; null where nothing is asked (see {@link DomainListChecker#check}). */
    CompletableFuture<DomainReport> startHeloCheck(String helo) {
        return services == null ? null : services.heloLists().check(client, helo);
    }

    /** Starts the domain block lists' check of a MAIL FROM; null where nothing is asked (see {@link DomainListChecker#check}). */
    CompletableFuture<DomainReport> startSenderCheck(String from) {
        return services == null ? null : services.senderLists().check(client, from);
    }

    /**
     * The checks every RCPT passes, in the order of Postfix's restriction lists (client, HELO,
     * sender): the DNSBLs and the client's name, the client name's domain lists, the HELO name's,
     * the sender domain's, then SPF. Each is awaited only once those before it let the RCPT
     * through, so a listed client is told at once, without waiting for the domain lists or SPF.
     *
     * @param clientText the client address as replies show it
     * @param helo       the HELO name's check ({@link #startHeloCheck}), or null
     */
    List<AtRcpt> atRcpt(String clientText, CompletableFuture<DomainReport> helo, Transaction tx) {
        return List.of(
                new AtRcpt(report, () -> clientRefusal(clientText)),
                new AtRcpt(clientName, () -> domainRefusal(clientName)),
                new AtRcpt(helo, () -> domainRefusal(helo)),
                new AtRcpt(tx.sender, () -> domainRefusal(tx.sender)),
                new AtRcpt(spfToAwaitAtRcpt(tx.spf), () -> spfRefusal(tx.spf)));
    }

    /** SPF's verdict to await before RCPT is answered: only when the policy can refuse on it. */
    private CompletableFuture<SpfVerdict> spfToAwaitAtRcpt(CompletableFuture<SpfVerdict> spf) {
        return services != null && services.spfPolicy().canRefuse() ? spf : null;
    }

    /** A domain list check's refusal of every RCPT, once its report is in. */
    private Optional<SmtpReply> domainRefusal(CompletableFuture<DomainReport> check) {
        return check == null ? Optional.empty() : services.clientPolicy().domainRefusal(check.getNow(null));
    }

    /** The client checks' refusal of every RCPT, once their report is in. */
    private Optional<SmtpReply> clientRefusal(String clientText) {
        return services == null ? Optional.empty() : services.clientPolicy().refusal(report(), clientText);
    }

    /** The SPF policy's refusal of every RCPT of a transaction, once its verdict is in. */
    private Optional<SmtpReply> spfRefusal(CompletableFuture<SpfVerdict> spf) {
        SpfVerdict verdict = spf == null ? null : spf.getNow(null);
        return verdict == null ? Optional.empty() : services.spfPolicy().refusal(verdict);
    }
}
