package org.mailplatform.delivery.config;

import java.time.Duration;

import org.mailplatform.model.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by all delivery stages ({@code mail.delivery.*}).
 *
 * @param enabled          run the stages (default true); false leaves only the HTTP endpoints
 * @param hostname         this MTA's name in DSNs ({@code Reporting-MTA}) and EHLO; default the
 *                         machine's host name
 * @param instanceId       stable id of this instance, the base of the Kafka transactional ids; a
 *                         restarted instance must get the same id so it fences its crashed
 *                         transactions at once (default the {@code HOSTNAME} environment variable,
 *                         which is the pod name in a StatefulSet)
 * @param bootstrapServers Kafka bootstrap servers (default {@code spring.kafka.bootstrap-servers},
 *                         else {@code localhost:9092})
 * @param topics           topic names (default the platform's {@link Topics})
 * @param stage            consumer and back-off settings of every stage
 */
@ConfigurationProperties("mail.delivery")
public record DeliveryProperties(Boolean enabled, String hostname, String instanceId, String bootstrapServers,
                                 TopicNames topics, Stage stage) {

    public DeliveryProperties {
        enabled = enabled == null || enabled;
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? "localhost:9092" : bootstrapServers;
        topics = topics == null ? new TopicNames(null, null, null, null, null) : topics;
        stage = stage == null ? new Stage(null, null, null, null, null, null) : stage;
    }

    /** {@link #instanceId}, else {@code HOSTNAME}, else the machine's host name. */
    public String instanceIdOrHost() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "delivery";
        }
    }

    /**
     * The topics; each defaults to the name in {@link Topics}. Consumer groups are
     * {@code delivery-router}, {@code delivery-local}, {@code delivery-outbound}, {@code delivery-retry}.
     */
    public record TopicNames(String inbound, String local, String outbound, String retry, String dlq) {
        public TopicNames {
            inbound = inbound == null ? Topics.MAIL_INBOUND : inbound;
            local = local == null ? Topics.MAIL_LOCAL : local;
            outbound = outbound == null ? Topics.MAIL_OUTBOUND : outbound;
            retry = retry == null ? Topics.MAIL_RETRY : retry;
            dlq = dlq == null ? Topics.MAIL_DLQ : dlq;
        }
    }

    /**
     * @param maxPollRecords        records per batch and transaction of the router, local and retry
     *                              stages (default 500, Kafka's own default; the outbound stage has
     *                              {@code outbound.max-poll-records}). Larger batches share each
     *                              transaction's commit and give the local stage more of one user's
     *                              mail to append together: with a backlog, 500 delivered 1.5 x as
     *                              many messages per second as 100 did (docs/performance.md)
     * @param backoffInitial        first wait after a backend was unavailable (default 1s)
     * @param backoffMax            longest wait between tries (default 60s; keep it well below the
     *                              consumer's {@code max.poll.interval.ms} of 5 minutes)
     * @param maxUnexpectedFailures times one record may fail with an unexpected error before it is
     *                              dead-lettered (default 5); unavailable backends never count
     * @param transactionTimeout    Kafka transaction timeout (default 60s): how long a crashed
     *                              instance that does not come back can hold up read_committed readers
     * @param maxBatchTime          longest a batch of the router, local and retry stages may take,
     *                              back-off included, before Kafka takes the consumer for dead (its
     *                              {@code max.poll.interval.ms}; default 15m: 1.8s per record of a
     *                              batch of 500, where Kafka's 5 minutes would allow 0.6s, and a batch
     *                              that overran it would be started again and again)
     */
    public record Stage(Integer maxPollRecords, Duration backoffInitial, Duration backoffMax,
                        Integer maxUnexpectedFailures, Duration transactionTimeout, Duration maxBatchTime) {
        public Stage {
            maxPollRecords = maxPollRecords == null ? 500 : maxPollRecords;
            backoffInitial = backoffInitial == null ? Duration.ofSeconds(1) : backoffInitial;
            backoffMax = backoffMax == null ? Duration.ofSeconds(60) : backoffMax;
            maxUnexpectedFailures = maxUnexpectedFailures == null ? 5 : maxUnexpectedFailures;
            transactionTimeout = transactionTimeout == null ? Duration.ofSeconds(60) : transactionTimeout;
            maxBatchTime = maxBatchTime == null ? Duration.ofMinutes(15) : maxBatchTime;
        }
    }
}
