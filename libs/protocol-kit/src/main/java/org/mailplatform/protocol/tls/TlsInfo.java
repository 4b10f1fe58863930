package org.mailplatform.protocol.tls;

import java.util.Optional;

import javax.net.ssl.SSLSession;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/**
 * The TLS a connection is protected by, for trace headers (RFC 5321 section 4.4 Received,
 * RFC 8314 section 4.3 "tls") and logs.
 *
 * @param protocol    e.g. {@code TLSv1.3}
 * @param cipherSuite e.g. {@code TLS_AES_256_GCM_SHA384}
 */
public record TlsInfo(String protocol, String cipherSuite) {

    /** The connection's TLS once its handshake has completed; empty for plain connections. */
    public static Optional<TlsInfo> of(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return Optional.empty();
        }
        SSLSession session = ssl.engine().getSession();
        return Optional.of(new TlsInfo(session.getProtocol(), session.getCipherSuite()));
    }

    /** Whether a TLS handler is in place (the handshake may still be running). */
    public static boolean active(Channel channel) {
        return channel.pipeline().get(SslHandler.class) != null;
    }
}
