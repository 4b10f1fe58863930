package org.mailplatform.imap.config;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.imap.auth.AuthenticateCommand;
import org.mailplatform.imap.auth.Authenticator;
import org.mailplatform.imap.auth.LoginCommand;
import org.mailplatform.imap.changes.ChangeFeed;
import org.mailplatform.imap.changes.ChangeFeedSettings;
import org.mailplatform.imap.codec.DecoderLimits;
import org.mailplatform.imap.managesieve.ManageSieveProtocol;
import org.mailplatform.imap.managesieve.ManageSieveServer;
import org.mailplatform.imap.managesieve.ManageSieveSettings;
import org.mailplatform.imap.managesieve.ScriptCommands;
import org.mailplatform.imap.managesieve.SieveRequestDecoder;
import org.mailplatform.imap.mailbox.ListCommand;
import org.mailplatform.imap.mailbox.MailboxCommands;
import org.mailplatform.imap.mailbox.QuotaCommand;
import org.mailplatform.imap.mailbox.SelectCommand;
import org.mailplatform.imap.mailbox.StatusCommand;
import org.mailplatform.imap.message.AppendCommand;
import org.mailplatform.imap.message.FetchCommand;
import org.mailplatform.imap.message.FormattedSummaries;
import org.mailplatform.imap.message.IdleCommand;
import org.mailplatform.imap.message.MailboxSync;
import org.mailplatform.imap.message.MessageCommands;
import org.mailplatform.imap.message.SearchCommand;
import org.mailplatform.imap.message.SortCommand;
import org.mailplatform.imap.message.ThreadCommand;
import org.mailplatform.imap.session.CommandDispatcher;
import org.mailplatform.imap.session.CompressCommand;
import org.mailplatform.imap.session.ImapProtocol;
import org.mailplatform.imap.session.MailboxWatchers;
import org.mailplatform.imap.session.ServerSettings;
import org.mailplatform.imap.session.SessionCommands;
import org.mailplatform.imap.session.StartTlsCommand;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ListenerPlan;
import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.server.ServerLimits;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.tls.TlsContexts;
import org.mailplatform.protocol.tls.TlsSettings;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.config.SieveProperties;
import org.mailplatform.store.sieve.SieveScripts;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the IMAP server from {@code mail.imap.*} and {@code mail.tls.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ImapProperties.class, TlsProperties.class, ChangeFeedProperties.class})
public class ImapServerConfiguration {

    @Bean
    MailboxWatchers mailboxWatchers() {
        return new MailboxWatchers();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "mail.imap.change-feed", name = "enabled", havingValue = "true", matchIfMissing = true)
    ChangeFeed changeFeed(ChangeFeedProperties p, MailboxWatchers watchers, MeterRegistry registry,
                          @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        String node = System.getenv().getOrDefault("HOSTNAME", "node");
        String groupId = p.groupPrefix() + node + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ChangeFeed(new ChangeFeedSettings(bootstrapServers, p.topic(), groupId), watchers, registry);
    }

    @Bean
    ImapServer imapServer(ImapProperties p, TlsProperties tls, Directory directory, MailboxStore store,
                          MeterRegistry registry, MailboxWatchers watchers, ObjectProvider<ChangeFeed> changeFeed) {
        SslContext ssl = sslContext(tls);
        List<Listener> listeners = new ListenerPlan(p.bindAddress(), ssl != null, p.proxyProtocol())
                .plain("imap", p.port()).implicitTls("imaps", p.imapsPort()).listeners();
        ServerSettings settings = new ServerSettings(p.serverName(), ssl, p.allowPlaintextAuth(),
                new DecoderLimits(p.maxLineLength(), p.maxLiteralSize(), p.maxCommandSize(), p.appendLimit()),
                p.preAuthIdleTimeout(), p.idleTimeout(), p.maxFailedLogins(), p.maxConnectionsPerUser(), p.closeLinger());
        Authenticator authenticator = new Authenticator(directory, store);
        StatusCommand status = new StatusCommand(store, p.appendLimit());
        MailboxSync sync = new MailboxSync(store);
        CommandDispatcher dispatcher = new CommandRouter(new SessionCommands(version()), new StartTlsCommand(),
                new LoginCommand(authenticator), new AuthenticateCommand(authenticator), new MailboxCommands(store),
                new ListCommand(store, status), status, new SelectCommand(store), new FetchCommand(store, p.writeTimeout(), new FormattedSummaries(p.formatCacheSize().toBytes(), registry)),
                new MessageCommands(store, sync), new SearchCommand(store), new AppendCommand(store, p.appendLimit()),
                new IdleCommand(sync, p.idleSafetyPoll(), () -> {
                    ChangeFeed feed = changeFeed.getIfAvailable();
                    return feed == null ? -1 : feed.unbrokenSince();
                }), new QuotaCommand(store), new CompressCommand(),
                new SortCommand(store), new ThreadCommand(store));
        BlockingWork blockingWork = new BlockingWork(p.maxBlockingOperations());
        ProtocolMetrics metrics = new ProtocolMetrics(registry, "imap");
        // the framer's line limit is the codec's; a line over it closes the connection (it cannot be resynchronised)
        ServerLimits limits = new ServerLimits(p.maxConnections(), p.maxConnectionsPerAddress(), p.maxLineLength(),
                p.preAuthIdleTimeout(), p.commandsPerMinute(), p.maxBlockingOperations(), p.shutdownGrace());
        ProtocolServer server = new ProtocolServer("imap", listeners, limits, ssl,
                new ImapProtocol(settings, dispatcher, blockingWork, metrics, watchers, sync), metrics, p.transport());
        return new ImapServer(server, blockingWork);
    }

    /**
     * ManageSieve (RFC 5804) on {@code mail.imap.managesieve-port}: IMAP's bind address, certificate,
     * PROXY setting and limits, its own listener, blocking-work pool and metrics ({@code protocol=managesieve}).
     * Off, with a warning, where the mailbox store offers no script store.
     */
    @Bean
    ManageSieveServer manageSieveServer(ImapProperties p, TlsProperties tls, Directory directory,
                                        ObjectProvider<SieveScripts> sieveScripts,
                                        ObjectProvider<SieveProperties> sieveLimits, MeterRegistry registry) {
        SslContext ssl = sslContext(tls);
        SieveScripts scripts = sieveScripts.getIfAvailable();
        SieveProperties limitsOfScripts = sieveLimits.getIfAvailable(SieveProperties::defaults);
        int maxScriptSize = (int) Math.min(Integer.MAX_VALUE / SieveRequestDecoder.DISCARD_FACTOR,
                limitsOfScripts.maxScriptSize().toBytes());
        int port = p.managesievePort();
        if (scripts == null && port >= 0) {
            LoggerFactory.getLogger(ImapServerConfiguration.class)
                    .warn("no Sieve script store (SieveScripts) in the mailbox store: ManageSieve is off");
            port = -1;
        }
        List<Listener> listeners = new ListenerPlan(p.bindAddress(), ssl != null, p.proxyProtocol())
                .plain(ManageSieveServer.LISTENER, port).listeners();
        ManageSieveSettings settings = new ManageSieveSettings(p.serverName(), ssl, p.allowPlaintextAuth(),
                p.maxLiteralSize(), maxScriptSize, p.maxCommandSize(), p.preAuthIdleTimeout(),
                p.idleTimeout(), p.maxFailedLogins(), p.managesieveMaxBadCommands(), p.closeLinger());
        BlockingWork blockingWork = new BlockingWork(p.maxBlockingOperations());
        ProtocolMetrics metrics = new ProtocolMetrics(registry, "managesieve");
        ServerLimits limits = new ServerLimits(p.maxConnections(), p.maxConnectionsPerAddress(), p.maxLineLength(),
                p.preAuthIdleTimeout(), p.commandsPerMinute(), p.maxBlockingOperations(), p.shutdownGrace());
        ScriptCommands commands = new ScriptCommands(scripts, new SieveCompiler(), maxScriptSize,
                limitsOfScripts.maxScripts(), limitsOfScripts.maxNameLength());
        ProtocolServer server = new ProtocolServer("managesieve", listeners, limits, ssl,
                new ManageSieveProtocol(settings, directory, commands, blockingWork, metrics), metrics, p.transport());
        return new ManageSieveServer(server, blockingWork);
    }

    private static SslContext sslContext(TlsProperties tls) {
        return tls.configured()
                ? TlsContexts.server(new TlsSettings(Path.of(tls.certificate()), Path.of(tls.privateKey())))
                : null;
    }

    private static String version() {
        String v = ImapServerConfiguration.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
