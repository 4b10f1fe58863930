package org.mailplatform.delivery.outbound;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.config.OutboundProperties;
import org.mailplatform.delivery.dkim.OutboundSigner;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.stage.RecordHandler;
import org.xbill.DNS.Resolver;

/** Builds the {@link OutboundRelay} from its settings. */
public final class OutboundRelayFactory {

    private OutboundRelayFactory() {
    }

    /** The pool of idle sessions the relay reuses; close it when the relay stops. */
    public static SmtpSessionPool sessions(OutboundProperties p, MeterRegistry meters) {
        return new SmtpSessionPool(p.connectionIdleTimeout(), p.maxMessagesPerConnection(), p.perDomainConcurrency(),
                meters);
    }

    public static RecordHandler create(OutboundProperties p, SmtpSessionPool sessions, String hostname, Resolver dns,
                                       OutboundSigner signer, BlobStore blobs,
                                       BounceSender bounces, RetrySchedule schedule, QueueJson json, String outboundTopic,
                                       String retryTopic, Clock clock, MeterRegistry meters) {
        OutboundProperties.SmartHost sh = p.smartHost();
        boolean smart = sh != null && sh.host() != null && !sh.host().isBlank();
        boolean auth = smart && sh.username() != null && !sh.username().isBlank();
        String helo = p.heloName() != null && !p.heloName().isBlank() ? p.heloName() : hostname;
        SmtpTransaction.Settings settings = new SmtpTransaction.Settings(helo, smart ? sh.tls() : p.tls(),
                auth ? sh.username() : null, auth ? sh.password() : null, p.connectTimeout(), p.commandTimeout(),
                trustingContext(), verifyingContext());
        return new OutboundRelay(new MxResolver(dns, p.maxMxHosts()),
                smart ? new OutboundRelay.SmartHost(sh.host(), sh.port()) : null, p.port(), new SmtpTransaction(settings, sessions), signer,
                new DomainLimiter(p.perDomainConcurrency(), p.totalConcurrency()), blobs, bounces, schedule, json,
                outboundTopic, retryTopic, clock, meters);
    }

    private static SSLContext verifyingContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Opportunistic TLS (RFC 7435) encrypts without authenticating the server. */
    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // not a server
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // opportunistic: any certificate, the channel is only protected from passive eavesdropping
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create TLS context", e);
        }
    }
}
