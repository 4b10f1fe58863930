package org.mailplatform.pop3.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's TLS certificate ({@code mail.tls.*}), shared by the protocol services.
 *
 * @param certificate PEM file: server certificate, then intermediates; unset for no TLS
 * @param privateKey  PEM file: the PKCS#8 private key
 */
@ConfigurationProperties("mail.tls")
public record TlsFiles(String certificate, String privateKey) {

    public boolean configured() {
        return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
    }
}
