package org.mailplatform.protocol.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a server's TLS certificate and key are, as PEM files (what cert-manager and Let's Encrypt
 * clients produce), and which protocol versions it offers.
 *
 * @param certificateChain PEM file with the server certificate first, then intermediates
 * @param privateKey       PEM file with the PKCS#8 private key
 * @param keyPassword      password of an encrypted key, or {@code null}
 * @param protocols        TLS versions offered; default {@code TLSv1.3, TLSv1.2}
 */
public record TlsSettings(Path certificateChain, Path privateKey, String keyPassword, List<String> protocols) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsSettings {
        protocols = protocols == null || protocols.isEmpty() ? DEFAULT_PROTOCOLS : List.copyOf(protocols);
    }

    public TlsSettings(Path certificateChain, Path privateKey) {
        this(certificateChain, privateKey, null, null);
    }
}
