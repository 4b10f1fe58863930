package org.mailplatform.delivery.config;

import java.time.Duration;
import java.util.List;

import org.mailplatform.delivery.outbound.TlsPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The outbound relay ({@code mail.delivery.outbound.*}).
 *
 * @param port                 SMTP port of remote exchangers (default 25)
 * @param heloName             name given in EHLO (default {@code mail.delivery.hostname})
 * @param tls                  STARTTLS to exchangers: {@code none}, {@code opportunistic} (default),
 *                             {@code required}
 * @param connectTimeout       TCP connect timeout (default 30s)
 * @param commandTimeout       wait for each server reply (default 5m, RFC 5321 section 4.5.3.2)
 * @param perDomainConcurrency most simultaneous deliveries to one domain (default 4)
 * @param totalConcurrency     most simultaneous deliveries overall per instance (default 64)
 * @param maxMxHosts           most exchangers tried per attempt (default 5)
 * @param dnsServers           DNS servers for MX lookups, {@code host} or {@code host:port}
 *                             (default: the system's resolv.conf)
 * @param dnsTimeout           DNS query timeout (default 5s)
 * @param smartHost            relay everything through this host instead of MX lookup
 * @param maxBatchTime         longest time one batch of deliveries may take before Kafka considers
 *                             the consumer dead (its {@code max.poll.interval.ms}; default 30m, since
 *                             slow remote servers may take minutes per reply)
 * @param connectionIdleTimeout    how long an open session to an exchanger waits for the next
 *                                 message before QUIT (default 10s; zero: no reuse)
 * @param maxMessagesPerConnection messages sent over one session before it is closed (default 100;
 *                                 1: no reuse)
 * @param maxPollRecords       records per outbound batch and transaction (default 100, below the
 *                             other stages' {@code stage.max-poll-records}): a batch must finish
 *                             within {@code maxBatchTime} at {@code totalConcurrency} deliveries at
 *                             once, however slow the remote servers, and a crash resends its
 *                             uncommitted part
 */
@ConfigurationProperties("mail.delivery.outbound")
public record OutboundProperties(Integer port, String heloName, TlsPolicy tls, Duration connectTimeout,
                                 Duration commandTimeout, Integer perDomainConcurrency, Integer totalConcurrency,
                                 Integer maxMxHosts, List<String> dnsServers, Duration dnsTimeout, SmartHost smartHost,
                                 Duration maxBatchTime, Duration connectionIdleTimeout,
                                 Integer maxMessagesPerConnection, Integer maxPollRecords) {

    public OutboundProperties {
        port = port == null ? 25 : port;
        tls = tls == null ? TlsPolicy.OPPORTUNISTIC : tls;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        commandTimeout = commandTimeout == null ? Duration.ofMinutes(5) : commandTimeout;
        perDomainConcurrency = perDomainConcurrency == null ? 4 : perDomainConcurrency;
        totalConcurrency = totalConcurrency == null ? 64 : totalConcurrency;
        maxMxHosts = maxMxHosts == null ? 5 : maxMxHosts;
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        dnsTimeout = dnsTimeout == null ? Duration.ofSeconds(5) : dnsTimeout;
        maxBatchTime = maxBatchTime == null ? Duration.ofMinutes(30) : maxBatchTime;
        connectionIdleTimeout = connectionIdleTimeout == null ? Duration.ofSeconds(10) : connectionIdleTimeout;
        maxMessagesPerConnection = maxMessagesPerConnection == null ? 100 : maxMessagesPerConnection;
        maxPollRecords = maxPollRecords == null ? 100 : maxPollRecords;
        if (perDomainConcurrency < 1 || totalConcurrency < 1 || maxMessagesPerConnection < 1
                || connectionIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("mail.delivery.outbound: concurrency limits and "
                    + "max-messages-per-connection must be at least 1, connection-idle-timeout not negative");
        }
    }

    /**
     * A smart host (Postfix {@code relayhost}).
     *
     * @param host     its name; empty for none (default)
     * @param port     its port (default 587)
     * @param username AUTH PLAIN user; empty for no AUTH
     * @param password AUTH PLAIN password
     * @param tls      STARTTLS to it (default {@code required}: credentials never go in clear)
     */
    public record SmartHost(String host, Integer port, String username, String password, TlsPolicy tls) {
        public SmartHost {
            port = port == null ? 587 : port;
            tls = tls == null ? TlsPolicy.REQUIRED : tls;
        }
    }
}
