package org.mailplatform.smtp.server;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.netty.channel.Channel;
import org.mailplatform.smtp.clientcheck.ClientReport;
import org.mailplatform.smtp.clientcheck.SenderChecker;
import org.mailplatform.smtp.clientcheck.SenderReport;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.spf.SpfQuery;
import org.mailplatform.smtp.spf.SpfVerdict;

/**
 * One connection's checks of an MX client and its senders, as Postfix's smtpd restrictions run
 * them: the client checks (DNSBL, reverse DNS) start at admission, the sender domain's block lists
 * and SPF at each MAIL; all are asked for their verdict at RCPT. Nothing here waits: the session awaits the futures. On
 * submission and SMTPS nothing is checked ({@link #NONE}).
 */
final class MxClientChecks {

    /** The checks of a submission or SMTPS connection: none. */
    static final MxClientChecks NONE = new MxClientChecks(null, null, null);

    private final SmtpServices services;
    private final InetAddress client;
    private final CompletableFuture<ClientReport> report;

    private MxClientChecks(SmtpServices services, InetAddress client, CompletableFuture<ClientReport> report) {
        this.services = services;
        this.client = client;
        this.report = report;
    }

    /** Starts the client checks of a client admitted on the MX listener. */
    static MxClientChecks start(SmtpServices services, InetAddress client) {
        return new MxClientChecks(services, client, services.clientChecks().check(client));
    }

    /** The client checks still running, for the session to await at RCPT; null on submission. */
    CompletableFuture<ClientReport> pendingReport() {
        return report;
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

    /** SPF's verdict to await before RCPT is answered: only when the policy can refuse on it. */
    CompletableFuture<SpfVerdict> spfToAwaitAtRcpt(CompletableFuture<SpfVerdict> spf) {
        return services != null && services.spfPolicy().canRefuse() ? spf : null;
    }

    /** Starts the domain block lists' check of a MAIL FROM; null where nothing is asked (see {@link SenderChecker#check}). */
    CompletableFuture<SenderReport> startSenderCheck(String from) {
        return services == null ? null : services.senderChecks().check(client, from);
    }

    /** The sender check's refusal of every RCPT of a transaction, once its report is in. */
    Optional<SmtpReply> senderRefusal(CompletableFuture<SenderReport> sender) {
        return sender == null ? Optional.empty() : services.clientPolicy().senderRefusal(sender.getNow(null));
    }

    /** The client checks' refusal of every RCPT, once their report is in. */
    Optional<SmtpReply> clientRefusal(String clientText) {
        return services == null ? Optional.empty() : services.clientPolicy().refusal(report(), clientText);
    }

    /** The SPF policy's refusal of every RCPT of a transaction, once its verdict is in. */
    Optional<SmtpReply> spfRefusal(CompletableFuture<SpfVerdict> spf) {
        SpfVerdict verdict = spf == null ? null : spf.getNow(null);
        return verdict == null ? Optional.empty() : services.spfPolicy().refusal(verdict);
    }
}
