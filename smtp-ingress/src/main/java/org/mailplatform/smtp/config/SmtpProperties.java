package org.mailplatform.smtp.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.mailplatform.protocol.server.Transport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The SMTP intake's settings ({@code mail.smtp.*}); docs/smtp.md lists them with their defaults.
 *
 * @param hostname                 the name in the greeting, EHLO answer and Received headers
 * @param bindAddress              address every listener binds
 * @param mxPort                   MX listener (STARTTLS offered, no AUTH); 0 picks a free port, -1 disables
 * @param submissionPort           submission listener (RFC 6409: STARTTLS, AUTH required); 0 free, -1 off
 * @param smtpsPort                implicit-TLS submission (RFC 8314); 0 free, -1 off; needs a certificate
 * @param proxyProtocol            every listener expects a PROXY protocol v1/v2 header (behind a load
 *                                 balancer); also switched on by the platform-wide {@code mail.proxy-protocol.enabled}
 * @param tlsCertificate           PEM certificate chain; without it no STARTTLS and no SMTPS; default:
 *                                 the platform-wide {@code mail.tls.certificate}
 * @param tlsPrivateKey            PEM PKCS#8 private key; default: {@code mail.tls.private-key}
 * @param allowPlainAuthWithoutTls allow AUTH PLAIN/LOGIN on a plaintext, non-loopback connection
 * @param inboundTopic             Kafka topic of accepted messages
 * @param kafkaTimeout             how long a message waits for Kafka's acknowledgement before 451
 * @param blobPrefix               key prefix of message bodies in the blob store
 * @param limits                   per-connection, per-message and per-user limits
 * @param clientChecks             DNSBL and reverse-DNS checks of clients on the MX listener
 * @param spf                      SPF (RFC 7208) of the sender on the MX listener
 * @param messageAuth              DKIM verification, DMARC and Authentication-Results on the MX listener
 * @param transport                the listeners' socket layer: {@code auto} (Linux epoll where Netty's native
 *                                 library loads, else NIO), {@code nio}, or {@code epoll} (no start without it)
 */
@ConfigurationProperties("mail.smtp")
public record SmtpProperties(
        @DefaultValue("localhost") String hostname,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("25") int mxPort,
        @DefaultValue("587") int submissionPort,
        @DefaultValue("465") int smtpsPort,
        @DefaultValue("false") boolean proxyProtocol,
        Path tlsCertificate,
        Path tlsPrivateKey,
        @DefaultValue("false") boolean allowPlainAuthWithoutTls,
        @DefaultValue("mail.inbound") String inboundTopic,
        @DefaultValue("10s") Duration kafkaTimeout,
        @DefaultValue("inbound") String blobPrefix,
        @DefaultValue Limits limits,
        @DefaultValue ClientChecks clientChecks,
        @DefaultValue Spf spf,
        @DefaultValue MessageAuth messageAuth,
        @DefaultValue("auto") Transport transport) {

    /**
     * These settings completed with the platform-wide ones every protocol service shares
     * ({@code mail.tls.*}, {@code mail.proxy-protocol.enabled}); SMTP's own keys win.
     */
    public SmtpProperties withPlatformDefaults(Path certificate, Path privateKey, boolean platformProxyProtocol) {
        boolean ownTls = tlsCertificate != null && tlsPrivateKey != null;
        return new SmtpProperties(hostname, bindAddress, mxPort, submissionPort, smtpsPort,
                proxyProtocol || platformProxyProtocol, ownTls ? tlsCertificate : certificate,
                ownTls ? tlsPrivateKey : privateKey, allowPlainAuthWithoutTls, inboundTopic, kafkaTimeout, blobPrefix, limits,
                clientChecks, spf, messageAuth, transport);
    }

    /**
     * @param maxMessageSize            largest message accepted (advertised as SIZE, RFC 1870)
     * @param maxRecipients             recipients per message; more get 452 4.5.3
     * @param maxConnections            open connections per node, all listeners together
     * @param maxConnectionsPerAddress  open connections per client IP address
     * @param commandsPerMinute         commands per connection and minute before 421
     * @param maxBadCommands            syntax errors and refused AUTH per connection before 421
     * @param maxLineLength             longest command line without CR LF (RFC 5321 4.5.3.1.4: at least 512)
     * @param idleTimeout               command idle timeout (RFC 5321 4.5.3.2.7: at least 5 minutes)
     * @param dataTimeout               idle timeout inside DATA/BDAT (RFC 5321 4.5.3.2.6: at least 3 minutes)
     * @param messagesPerHour           messages one authenticated user may submit per hour, per node
     * @param messagesPerDay            messages one authenticated user may submit per day, per node
     * @param bodyBuffer                message bytes buffered per connection between network and S3
     * @param inlineBodyMax             a message of at most this size (Received header included) is also
     *                                  carried in its {@code mail.inbound} record, so final delivery does not
     *                                  read it back from S3; 0 turns it off (at most {@code bodyBuffer} and 256KB)
     * @param maxBlockingOperations     directory/S3/Kafka calls in flight per node
     * @param shutdownGrace             how long a shutdown waits for transactions in flight
     */
    public record Limits(
            @DefaultValue("50MB") DataSize maxMessageSize,
            @DefaultValue("100") int maxRecipients,
            @DefaultValue("2000") int maxConnections,
            @DefaultValue("20") int maxConnectionsPerAddress,
            @DefaultValue("600") int commandsPerMinute,
            @DefaultValue("10") int maxBadCommands,
            @DefaultValue("2048") int maxLineLength,
            @DefaultValue("5m") Duration idleTimeout,
            @DefaultValue("10m") Duration dataTimeout,
            @DefaultValue("200") int messagesPerHour,
            @DefaultValue("1000") int messagesPerDay,
            @DefaultValue("256KB") DataSize bodyBuffer,
            @DefaultValue("16KB") DataSize inlineBodyMax,
            @DefaultValue("256") int maxBlockingOperations,
            @DefaultValue("30s") Duration shutdownGrace) {

        /** Largest copy a record may carry: as base64 it stays far below Kafka's 1 MB request and message size. */
        public static final DataSize MAX_INLINE_BODY = DataSize.ofKilobytes(256);

        public Limits {
            if (inlineBodyMax != null && bodyBuffer != null && inlineBodyMax.toBytes() > bodyBuffer.toBytes()) {
                throw new IllegalArgumentException("mail.smtp.limits.inline-body-max (" + inlineBodyMax
                        + ") must not exceed body-buffer (" + bodyBuffer + ")");
            }
            if (inlineBodyMax != null && inlineBodyMax.toBytes() > MAX_INLINE_BODY.toBytes()) {
                throw new IllegalArgumentException("mail.smtp.limits.inline-body-max (" + inlineBodyMax
                        + ") must not exceed " + MAX_INLINE_BODY + " (records carry it as base64 within Kafka's 1 MB)");
            }
        }
    }

    /**
     * Checks of the client on the MX listener only (submission and SMTPS users authenticate, and
     * often sit on dynamic addresses that policy block lists name), as Postfix's smtpd does them.
     *
     * @param dnsblSites            DNS block lists, {@code zone} or {@code zone=127.0.0.2},
     *                              {@code zone=127.0.0.[2..11]}, {@code zone=127.0.0.[2;4;9]}
     *                              (answers that count); a listed client's RCPTs get 554 5.7.1
     * @param dnsblReply            text of that 554, with {@code ${client}} and {@code ${zone}}
     * @param rhsblSenderSites      domain block lists asked about each MAIL FROM domain (Postfix's
     *                              {@code reject_rhsbl_sender}), in the same syntax; a listed sender's
     *                              RCPTs get 554 5.7.1
     * @param rhsblSenderReply      text of that 554, with {@code ${sender-domain}} and {@code ${zone}}
     * @param rhsblHeloSites        domain block lists asked about the HELO/EHLO name (Postfix's
     *                              {@code reject_rhsbl_helo}), in the same syntax; a listed name's
     *                              RCPTs get 554 5.7.1
     * @param rhsblHeloReply        text of that 554, with {@code ${helo}} and {@code ${zone}}
     * @param rhsblClientSites      domain block lists asked about the client's forward-confirmed name
     *                              (Postfix's {@code reject_rhsbl_client}), in the same syntax; a
     *                              listed name's RCPTs get 554 5.7.1
     * @param rhsblClientReply      text of that 554, with {@code ${client-name}} and {@code ${zone}}
     * @param requireClientHostname RCPT gets 450 4.7.25 without a forward-confirmed client name
     *                              (Postfix's {@code reject_unknown_client_hostname})
     * @param dnsServers            DNS servers, {@code host} or {@code host:port}; empty: the system's
     * @param dnsTimeout            longest wait for one DNS answer; no answer counts as not listed
     * @param exemptNetworks        addresses or CIDR blocks never looked up (default: loopback)
     * @param cacheTtl              how long a client's complete report is reused
     * @param cacheSize             most client addresses cached
     */
    public record ClientChecks(
            List<String> dnsblSites,
            @DefaultValue("Service unavailable; Client host [${client}] blocked using ${zone}") String dnsblReply,
            List<String> rhsblSenderSites,
            @DefaultValue("Service unavailable; Sender address [${sender-domain}] blocked using ${zone}")
            String rhsblSenderReply,
            List<String> rhsblHeloSites,
            @DefaultValue("Service unavailable; Helo command [${helo}] blocked using ${zone}") String rhsblHeloReply,
            List<String> rhsblClientSites,
            @DefaultValue("Service unavailable; Client host [${client-name}] blocked using ${zone}")
            String rhsblClientReply,
            @DefaultValue("false") boolean requireClientHostname,
            List<String> dnsServers,
            @DefaultValue("5s") Duration dnsTimeout,
            @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> exemptNetworks,
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("10000") long cacheSize) {

        public ClientChecks {
            dnsblSites = dnsblSites == null ? List.of() : List.copyOf(dnsblSites);
            rhsblSenderSites = rhsblSenderSites == null ? List.of() : List.copyOf(rhsblSenderSites);
            rhsblHeloSites = rhsblHeloSites == null ? List.of() : List.copyOf(rhsblHeloSites);
            rhsblClientSites = rhsblClientSites == null ? List.of() : List.copyOf(rhsblClientSites);
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
            exemptNetworks = exemptNetworks == null ? List.of() : List.copyOf(exemptNetworks);
        }
    }

    /**
     * SPF (RFC 7208) of the MAIL FROM identity (of the HELO identity for the null sender) on the MX
     * listener, for clients outside {@code client-checks.exempt-networks}; its DNS questions go to
     * the client checks' servers, each bounded by {@code client-checks.dns-timeout}. Every result
     * is written as a Received-SPF header; the actions say which results refuse the recipients.
     *
     * @param enabled         evaluate SPF at all
     * @param timeout         longest time one evaluation may take (RFC 7208 4.6.4: at least 20 seconds);
     *                        beyond it the result is temperror
     * @param failAction      {@code tag} (header only: DMARC decides) or {@code reject} (550 5.7.23 at RCPT)
     * @param softfailAction  {@code tag} only (RFC 7208 8.5: softfail is no reason to refuse)
     * @param temperrorAction {@code tag} or {@code defer} (451 4.7.24 at RCPT)
     * @param permerrorAction {@code tag} or {@code reject} (550 5.7.24 at RCPT)
     */
    public record Spf(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20s") Duration timeout,
            @DefaultValue("tag") String failAction,
            @DefaultValue("tag") String softfailAction,
            @DefaultValue("tag") String temperrorAction,
            @DefaultValue("tag") String permerrorAction) {
    }

    /**
     * Message authentication once the body is in, on the MX listener, for clients outside
     * {@code client-checks.exempt-networks} (as OpenDKIM and OpenDMARC behind Postfix): every DKIM
     * signature is verified (RFC 6376), DMARC evaluated (RFC 7489) with the SPF result, and the
     * results go to the recipients in an {@code Authentication-Results} field (RFC 8601). DNS
     * questions go to the client checks' servers, each bounded by {@code client-checks.dns-timeout}.
     *
     * @param enabled               verify and report at all
     * @param maxHeaderSize         largest header accepted while checking; a larger one is refused
     *                              with 552 5.3.4 (otherwise padding the header would skip DMARC)
     * @param maxHeaderFields       most header fields read for the checks
     * @param maxSignatures         most DKIM signatures verified per message; the rest are reported neutral
     * @param dmarc                 evaluate DMARC (DKIM is still verified and reported without it)
     * @param dmarcRejectAction     for a failure under {@code p=reject}: {@code reject} (550 5.7.26 at the
     *                              end of DATA, as large receivers do), {@code quarantine} (to Junk) or
     *                              {@code tag} (header only)
     * @param dmarcQuarantineAction for a failure under {@code p=quarantine}: {@code junk} or {@code tag}
     */
    public record MessageAuth(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("256KB") DataSize maxHeaderSize,
            @DefaultValue("1000") int maxHeaderFields,
            @DefaultValue("5") int maxSignatures,
            @DefaultValue("true") boolean dmarc,
            @DefaultValue("reject") String dmarcRejectAction,
            @DefaultValue("junk") String dmarcQuarantineAction) {
    }
}
