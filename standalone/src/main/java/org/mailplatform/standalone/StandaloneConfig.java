package org.mailplatform.standalone;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the operator asked for on the command line.
 *
 * @param dataDir     where Kafka, MongoDB and S3 keep their data, the TLS material and the admin password
 * @param bindAddress address the public ports listen on
 * @param ports       the public ports
 * @param tls         certificate and key to serve; a self-signed pair in the data dir when absent
 */
public record StandaloneConfig(Path dataDir, String bindAddress, Ports ports, Optional<TlsFiles> tls) {

    /**
     * Public ports; 0 picks a free one (tests), a negative port is not opened.
     *
     * @param managesieve ManageSieve (RFC 5804), 4190 in a deployment; 24190 here, beside 2143
     */
    public record Ports(int http, int smtp, int submission, int smtps, int imap, int imaps, int pop3, int pop3s,
                        int managesieve) {

        /** Without ManageSieve: for callers that do not manage Sieve scripts. */
        public Ports(int http, int smtp, int submission, int smtps, int imap, int imaps, int pop3, int pop3s) {
            this(http, smtp, submission, smtps, imap, imaps, pop3, pop3s, -1);
        }

        public static Ports defaults() {
            return new Ports(8080, 2525, 2587, 2465, 2143, 2993, 2110, 2995, 24190);
        }

        public static Ports anyFree() {
            return new Ports(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * PEM files the protocol services serve TLS with.
     *
     * @param certificate certificate chain (PEM)
     * @param privateKey  PKCS#8 private key (PEM)
     */
    public record TlsFiles(Path certificate, Path privateKey) {
    }
}
