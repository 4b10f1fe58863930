package org.mailplatform.imap.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mail.tls.*}: the server certificate, shared by the platform's protocol services.
 *
 * @param certificate PEM file, server certificate first, then intermediates; unset: no TLS
 * @param privateKey  PEM file with the PKCS#8 private key
 */
@ConfigurationProperties("mail.tls")
public record TlsProperties(String certificate, String privateKey) {

    public boolean configured() {
        return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
    }
}
