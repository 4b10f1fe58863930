package org.mailplatform.smtp.server;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.SubmissionLimits;
import org.mailplatform.protocol.dns.DnsResolvers;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ListenerPlan;
import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.server.ServerLimits;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.tls.TlsContexts;
import org.mailplatform.protocol.tls.TlsSettings;
import org.mailplatform.smtp.clientcheck.ClientChecker;
import org.mailplatform.smtp.clientcheck.ClientPolicy;
import org.mailplatform.smtp.clientcheck.DnsQuery;
import org.mailplatform.smtp.clientcheck.DomainListChecker;
import org.mailplatform.smtp.clientcheck.Networks;
import org.mailplatform.smtp.clientcheck.RhsblCheck;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.msgauth.MessageAuthenticator;
import org.mailplatform.smtp.policy.RecipientPolicy;
import org.mailplatform.smtp.policy.SendRateLimiter;
import org.mailplatform.smtp.policy.SenderPolicy;
import org.mailplatform.smtp.policy.SubmissionRateGate;
import org.mailplatform.smtp.spf.SpfChecker;
import org.mailplatform.smtp.spf.SpfPolicy;
import org.xbill.DNS.Resolver;

/**
 * The SMTP intake of one node: the MX, submission and SMTPS listeners on protocol-kit. Plain Java,
 * so tests can run it without Spring; {@code SmtpConfiguration} ties it to the application's life cycle.
 */
public final class SmtpServer implements AutoCloseable {

    public static final String MX = "mx";
    public static final String SUBMISSION = "submission";
    public static final String SMTPS = "smtps";

    private final SmtpProperties settings;
    private final ProtocolServer server;
    private final BlockingWork blocking;

    /** A server whose client checks ask {@code mail.smtp.client-checks.dns-servers} (or the system's). */
    public SmtpServer(SmtpProperties settings, Directory directory, BlobStore blobs, InboundPublisher publisher,
                      MeterRegistry meters, Clock clock) {
        this(settings, directory, blobs, publisher, meters, clock,
                DnsResolvers.create(settings.clientChecks().dnsServers(), settings.clientChecks().dnsTimeout()));
    }

    /**
     * @param dns the resolver of the client checks, SPF, DKIM and DMARC (tests give one answering from memory)
     * @throws IllegalArgumentException for malformed client-check, SPF or message-auth settings, naming the entry
     */
    public SmtpServer(SmtpProperties settings, Directory directory, BlobStore blobs, InboundPublisher publisher,
                      MeterRegistry meters, Clock clock, Resolver dns) {
        this.settings = settings;
        SslContext ssl = settings.tlsCertificate() == null || settings.tlsPrivateKey() == null ? null
                : TlsContexts.server(new TlsSettings(settings.tlsCertificate(), settings.tlsPrivateKey()));
        SmtpProperties.Limits limits = settings.limits();
        this.blocking = new BlockingWork(limits.maxBlockingOperations());
        ProtocolMetrics metrics = new ProtocolMetrics(meters, "smtp");
        SendRateLimiter localRate = new SendRateLimiter(limits.messagesPerHour(), limits.messagesPerDay(), clock);
        SmtpServices services = new SmtpServices(settings, ssl, directory, new RecipientPolicy(directory),
                new SenderPolicy(directory), localRate, new SubmissionRateGate(clusterCounters(directory), localRate),
                blobs, publisher, blocking, metrics, clock, new ClientChecker(settings.clientChecks(), dns, meters),
                domainLists(RhsblCheck.SENDER, settings, dns, meters), domainLists(RhsblCheck.HELO, settings, dns, meters),
                domainLists(RhsblCheck.CLIENT, settings, dns, meters), new ClientPolicy(settings.clientChecks(), meters),
                spfChecker(settings, dns, meters),
                new SpfPolicy(settings.spf(), meters), new MessageAuthenticator(settings,
                        new DnsQuery(dns, settings.clientChecks().dnsTimeout()),
                        Networks.parse(settings.clientChecks().exemptNetworks()), meters));
        ServerLimits serverLimits = new ServerLimits(limits.maxConnections(), limits.maxConnectionsPerAddress(),
                limits.maxLineLength(), limits.idleTimeout(), limits.commandsPerMinute(), limits.maxBlockingOperations(),
                limits.shutdownGrace());
        this.server = new ProtocolServer("smtp", listeners(settings, ssl != null), serverLimits, ssl,
                new SmtpHandlers(services), metrics, settings.transport());
    }

    /**
     * The application hands in directory-client's HttpDirectory, which also keeps the cluster-wide
     * submission counters; a directory without them (unconfigured, a test double) leaves the rate
     * to this node's limiter.
     */
    private static SubmissionLimits clusterCounters(Directory directory) {
        return directory instanceof SubmissionLimits counters ? counters : SubmissionRateGate.NO_CLUSTER_COUNTERS;
    }

    private static DomainListChecker domainLists(RhsblCheck check, SmtpProperties settings, Resolver dns, MeterRegistry meters) {
        return new DomainListChecker(check, settings.clientChecks(), dns, meters);
    }

    private static SpfChecker spfChecker(SmtpProperties settings, Resolver dns, MeterRegistry meters) {
        SmtpProperties.ClientChecks checks = settings.clientChecks();
        return new SpfChecker(settings.spf().enabled(), settings.spf().timeout(), Networks.parse(checks.exemptNetworks()), dns,
                checks.dnsTimeout(), settings.hostname(), meters);
    }

    private static List<Listener> listeners(SmtpProperties s, boolean tls) {
        return new ListenerPlan(s.bindAddress(), tls, s.proxyProtocol()).plain(MX, s.mxPort())
                .plain(SUBMISSION, s.submissionPort()).implicitTls(SMTPS, s.smtpsPort()).listeners();
    }

    /** Binds the listeners; returns what is bound (ports resolved when 0 was configured). */
    public List<BoundListener> start() {
        return server.start();
    }

    /** The bound port of a listener ({@link #MX}, {@link #SUBMISSION}, {@link #SMTPS}), or -1. */
    public int port(String listener) {
        return server.boundListener(listener).map(BoundListener::port).orElse(-1);
    }

    /** The listeners' server, for the application's life cycle ({@code SmtpListeners}) to bind and drain. */
    public ProtocolServer protocolServer() {
        return server;
    }

    public SmtpProperties settings() {
        return settings;
    }

    /**
     * Stops accepting, lets transactions in flight finish within the grace period, then closes;
     * the blocking-work threads end with it, so it cannot start again.
     */
    @Override
    public void close() {
        server.drain();
        blocking.close();
    }
}
