package org.mailplatform.pop3.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.pop3.changes.SessionRevocations;
import org.mailplatform.pop3.lease.LeaseKeeper;
import org.mailplatform.pop3.lease.MaildropLeases;
import org.mailplatform.pop3.maildrop.DeletedRetention;
import org.mailplatform.pop3.maildrop.MaildropStore;
import org.mailplatform.pop3.server.Pop3Policy;
import org.mailplatform.pop3.server.Pop3Protocol;
import org.mailplatform.pop3.server.Pop3Services;
import org.mailplatform.pop3.server.Pop3Sessions;
import org.mailplatform.pop3.server.ReadAheadLimits;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.tls.TlsContexts;
import org.mailplatform.protocol.tls.TlsSettings;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.events.ChangeFeedConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The beans of pop3-service. The {@link Directory} comes from libs/directory-client's
 * auto-configuration ({@code mail.directory.base-url}), the {@link MailboxStore} from
 * libs/mailbox-store's ({@code spring.mongodb.*}, {@code mail.s3.*}, {@code spring.kafka.bootstrap-servers}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({Pop3Properties.class, TlsFiles.class, ChangeFeedProperties.class})
public class Pop3Configuration {

    private static final Logger log = LoggerFactory.getLogger(Pop3Configuration.class);

    @Bean
    MaildropLeases maildropLeases(MongoTemplate mongo, Pop3Properties p) {
        return new MaildropLeases(mongo, p.leaseTtl(), p.loginDelay(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    LeaseKeeper leaseKeeper(MaildropLeases leases) {
        return new LeaseKeeper(leases);
    }

    @Bean
    DeletedRetention deletedRetention(MongoTemplate mongo, MailboxStore store, Pop3Properties p) {
        return new DeletedRetention(mongo, store, p.deletedRetention(), Clock.systemUTC());
    }

    @Bean
    MaildropStore maildropStore(MailboxStore store, DeletedRetention retention) {
        return new MaildropStore(store, retention.period().isZero() ? null : retention);
    }

    /** Sweeps expired POP3-deleted messages out of Trash, when a retention period is configured. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService pop3RetentionSweeper(DeletedRetention retention, Pop3Properties p) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("pop3-retention").factory());
        if (!retention.period().isZero()) {
            long every = p.retentionSweepInterval().toMillis();
            timer.scheduleWithFixedDelay(() -> {
                try {
                    int n = retention.sweep();
                    if (n > 0) {
                        log.info("POP3 retention removed {} messages from Trash", n);
                    }
                } catch (RuntimeException e) {
                    log.warn("POP3 retention sweep failed: {}", e.toString());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        return timer;
    }

    @Bean(destroyMethod = "close")
    BlockingWork pop3BlockingWork(Pop3Properties p) {
        return new BlockingWork(p.maxBlockingOperations());
    }

    @Bean
    ReadAheadLimits pop3ReadAhead(Pop3Properties p, MeterRegistry meters) {
        ReadAheadLimits limits = new ReadAheadLimits(p.readAheadMessages(), p.readAheadMaxMessageSize().toBytes(),
                p.readAheadSessionBytes().toBytes(), p.readAheadNodeBytes().toBytes(), p.readAheadParallelReads());
        Gauge.builder("mail.pop3.read_ahead.bytes", limits, ReadAheadLimits::reservedBytes)
                .description("bytes POP3 sessions hold read ahead (or are reading) on this node")
                .baseUnit("bytes").register(meters);
        return limits;
    }

    @Bean
    Pop3Sessions pop3Sessions() {
        return new Pop3Sessions();
    }

    @Bean
    SessionRevocations pop3SessionRevocations(Pop3Sessions sessions, MeterRegistry meters) {
        return new SessionRevocations(sessions, meters);
    }

    /** This node's reader of {@code mailbox.changes}, for an operator's kick; its own consumer group per node and start. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "mail.pop3.change-feed", name = "enabled", havingValue = "true", matchIfMissing = true)
    ChangeFeedConsumer pop3ChangeFeed(ChangeFeedProperties p, SessionRevocations revocations, MeterRegistry meters,
                                      @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
        String node = System.getenv().getOrDefault("HOSTNAME", "node");
        String groupId = p.groupPrefix() + node + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ChangeFeedConsumer(new ChangeFeedConsumer.Settings(bootstrapServers, p.topic(), groupId), "pop3",
                "mail.pop3.change.events",
                SessionRevocations::wanted, revocations, meters);
    }

    @Bean
    Pop3Protocol pop3Protocol(Pop3Properties p, TlsFiles tls, Directory directory, MaildropStore maildrops,
                              MaildropLeases leases, LeaseKeeper keeper, BlockingWork blocking, MeterRegistry meters,
                              ReadAheadLimits readAhead, Pop3Sessions sessions) {
        SslContext ssl = sslContext(tls);
        Pop3Policy policy = new Pop3Policy(p.allowInsecureAuth(), p.maxAuthFailures(), p.maxBadCommands(),
                p.loginDelay(), p.expireDays(), p.implementation(), p.closeLinger());
        return new Pop3Protocol(new Pop3Services(nodeId(), directory, maildrops, leases, keeper, blocking,
                new ProtocolMetrics(meters, "pop3"), ssl, policy, p.writeTimeout(), readAhead, sessions));
    }

    @Bean
    Pop3Server pop3Server(Pop3Properties p, Pop3Protocol protocol) {
        return new Pop3Server(p, protocol.services().sslContext(), protocol, protocol.services().metrics());
    }

    private static SslContext sslContext(TlsFiles tls) {
        return tls.configured() ? TlsContexts.server(new TlsSettings(Path.of(tls.certificate()), Path.of(tls.privateKey())))
                : null;
    }

    private static String nodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
