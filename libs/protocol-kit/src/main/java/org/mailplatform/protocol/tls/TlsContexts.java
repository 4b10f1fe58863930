package org.mailplatform.protocol.tls;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

/** Builds the server {@link SslContext} of a protocol server from {@link TlsSettings}. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** A server context from PEM files; fails at start-up, not at the first handshake. */
    public static SslContext server(TlsSettings settings) {
        try {
            return SslContextBuilder
                    .forServer(settings.certificateChain().toFile(), settings.privateKey().toFile(), settings.keyPassword())
                    .protocols(settings.protocols())
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + settings.certificateChain()
                    + " and key " + settings.privateKey() + ": " + e.getMessage(), e);
        }
    }
}
