package org.mailplatform.delivery.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.dkim.OutboundSigner;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.DelayWarnings;
import org.mailplatform.delivery.dsn.DsnBuilder;
import org.mailplatform.delivery.local.LocalDeliverer;
import org.mailplatform.delivery.local.SieveFilter;
import org.mailplatform.delivery.local.VacationResponder;
import org.mailplatform.delivery.outbound.OutboundRelayFactory;
import org.mailplatform.delivery.outbound.SmtpSessionPool;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.retry.RetryScheduler;
import org.mailplatform.delivery.router.ForwardingSender;
import org.mailplatform.delivery.router.RecipientExpander;
import org.mailplatform.delivery.router.Router;
import org.mailplatform.delivery.stage.Concurrency;
import org.mailplatform.delivery.stage.RecordHandler;
import org.mailplatform.delivery.stage.StageSettings;
import org.mailplatform.delivery.stage.TransactionalStage;
import org.mailplatform.delivery.sweep.QueueBlobProperties;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.DkimKeys;
import org.mailplatform.protocol.dns.DnsResolvers;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveRunner;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.sieve.SieveScripts;
import org.mailplatform.store.sieve.VacationLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xbill.DNS.Resolver;

/**
 * Wires the four stages of delivery-service: router ({@code mail.inbound}), local deliverer
 * ({@code mail.local}), outbound relay ({@code mail.outbound}) and retry ({@code mail.retry}), each a
 * {@link TransactionalStage} with its own consumer group and transactional id.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DeliveryProperties.class, DkimProperties.class, SrsProperties.class, RouterProperties.class, LocalDeliveryProperties.class,
        OutboundProperties.class, RetryProperties.class, DsnProperties.class, SieveFilterProperties.class})
public class DeliveryConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    QueueJson queueJson() {
        return new QueueJson();
    }

    @Bean
    RetrySchedule retrySchedule(RetryProperties p) {
        return new RetrySchedule(p.delays(), p.maxAge());
    }

    @Bean
    BounceSender bounceSender(BlobStore blobs, QueueJson json, DeliveryProperties delivery, DsnProperties dsn,
                              Clock clock, MeterRegistry meters) {
        String host = hostname(delivery);
        return new BounceSender(blobs, new DsnBuilder(host, dsn.maxFullReturn().toBytes()), json,
                delivery.topics().inbound(), dsn.blobPrefix(), host, clock, meters,
                new DelayWarnings(dsn.delayWarningAfter(), dsn.delayWithoutNotify()));
    }

    @Bean
    @ConditionalOnMissingBean
    Resolver dnsResolver(OutboundProperties p) {
        return DnsResolvers.create(p.dnsServers(), p.dnsTimeout());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "mail.delivery.enabled", matchIfMissing = true)
    static class Stages {

        @Bean
        StagesHealthIndicator deliveryStagesHealthIndicator(List<TransactionalStage> stages) {
            return new StagesHealthIndicator(stages);
        }

        @Bean
        TransactionalStage routerStage(Directory directory, BounceSender bounces, QueueJson json, DeliveryProperties d,
                                       RouterProperties p, SrsProperties srs, Clock clock, MeterRegistry meters) {
            Router router = new Router(new RecipientExpander(directory, p.maxAliasDepth(), p.maxAliasTargets()),
                    new ForwardingSender(srs.rewriting(clock), directory, meters), bounces, json, d.topics().local(),
                    d.topics().outbound(), meters);
            return stage("router", d.topics().inbound(), Concurrency.IN_ORDER, router, d, meters, Map.of());
        }

        @Bean
        TransactionalStage localStage(MailboxStore store, BlobStore blobs, BounceSender bounces, QueueJson json,
                                      RetrySchedule schedule, DeliveryProperties d, LocalDeliveryProperties p, Clock clock,
                                      MeterRegistry meters, QueueBlobProperties queueBlobs, SieveFilterProperties sieve,
                                      ObjectProvider<SieveScripts> scripts, ObjectProvider<VacationLog> vacations) {
            LocalDeliverer deliverer = new LocalDeliverer(store, blobs, bounces, p.overQuota(), schedule, json,
                    d.topics().local(), d.topics().retry(), clock, meters, queueBlobs.referenceWindow(),
                    filtering(sieve, scripts.getIfAvailable(), vacations.getIfAvailable(), blobs, bounces, d, clock));
            return stage("local", d.topics().local(), Concurrency.PER_KEY, deliverer, d, meters, Map.of());
        }

        /**
         * Users' Sieve filters, when enabled and mailbox-store offers the script store; vacation
         * replies only with its vacation log too.
         */
        private static LocalDeliverer.Filtering filtering(SieveFilterProperties sieve, SieveScripts scripts,
                                                          VacationLog vacations, BlobStore blobs, BounceSender bounces,
                                                          DeliveryProperties d, Clock clock) {
            if (!sieve.enabled() || scripts == null) {
                LOG.info("Sieve filters off: {}", sieve.enabled() ? "no script store" : "mail.delivery.sieve.enabled=false");
                return null;
            }
            SieveCompiler compiler = new SieveCompiler();
            SieveFilter filter = new SieveFilter(scripts, compiler, new SieveRunner(compiler, sieve.limits()), blobs,
                    sieve.cacheTtl(), sieve.cacheSize(), new SieveFilter.Site(clock.withZone(sieve.timeZone()),
                            sieve.recipientDelimiter(), hostname(d)));
            VacationResponder vacation = vacations == null ? null
                    : new VacationResponder(vacations, bounces, hostname(d), clock);
            return new LocalDeliverer.Filtering(filter, vacation, d.topics().inbound());
        }

        @Bean
        SmtpSessionPool outboundSessions(OutboundProperties p, MeterRegistry meters) {
            return OutboundRelayFactory.sessions(p, meters);
        }

        @Bean
        TransactionalStage outboundStage(SmtpSessionPool sessions, Resolver dns, BlobStore blobs, BounceSender bounces, QueueJson json,
                                         RetrySchedule schedule, DeliveryProperties d, OutboundProperties p,
                                         DkimProperties dkim, ObjectProvider<DkimKeys> dkimKeys, Clock clock,
                                         MeterRegistry meters) {
            OutboundSigner signer = new OutboundSigner(dkim, dkimKeys.getIfAvailable(() -> {
                LOG.warn("no DKIM key source (mail.directory.base-url unset?): relayed mail goes out unsigned");
                return domain -> new DkimKeyResult.NoKey();
            }), hostname(d), clock, meters);
            RecordHandler relay = OutboundRelayFactory.create(p, sessions, hostname(d), dns, signer, blobs, bounces,
                    schedule, json, d.topics().outbound(), d.topics().retry(), clock, meters);
            return stage("outbound", d.topics().outbound(), Concurrency.ALL, relay, d, p.maxPollRecords(), meters,
                    Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) p.maxBatchTime().toMillis()));
        }

        @Bean
        TransactionalStage retryStage(DeliveryProperties d, RetryProperties p, Clock clock, MeterRegistry meters) {
            RetryScheduler scheduler = new RetryScheduler(d.topics().retry(),
                    Set.of(d.topics().outbound(), d.topics().local()), p.scanInterval(), clock);
            return stage("retry", d.topics().retry(), Concurrency.IN_ORDER, scheduler, d, meters, Map.of());
        }

        private static TransactionalStage stage(String name, String topic, Concurrency concurrency, RecordHandler handler,
                                                DeliveryProperties d, MeterRegistry meters, Map<String, Object> extra) {
            return stage(name, topic, concurrency, handler, d, d.stage().maxPollRecords(), meters, extra);
        }

        private static TransactionalStage stage(String name, String topic, Concurrency concurrency, RecordHandler handler,
                                                DeliveryProperties d, int maxPollRecords, MeterRegistry meters,
                                                Map<String, Object> extra) {
            DeliveryProperties.Stage s = d.stage();
            String instance = d.instanceIdOrHost();
            StageSettings settings = new StageSettings(name, topic, "delivery-" + name,
                    "delivery-" + name + "-" + instance, d.topics().dlq(), concurrency, maxPollRecords,
                    s.backoffInitial(), s.backoffMax(), s.maxUnexpectedFailures(),
                    kafka(d, extra));
            return new TransactionalStage(settings, handler, new TemporaryFailures(), meters);
        }
    }

    private static Map<String, Object> kafka(DeliveryProperties d, Map<String, Object> extra) {
        Map<String, Object> kafka = new HashMap<>(extra);
        // the outbound stage brings its own (outbound.max-batch-time)
        kafka.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) d.stage().maxBatchTime().toMillis());
        kafka.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, d.bootstrapServers());
        kafka.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) d.stage().transactionTimeout().toMillis());
        return kafka;
    }

    static String hostname(DeliveryProperties d) {
        if (d.hostname() != null && !d.hostname().isBlank()) {
            return d.hostname();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
