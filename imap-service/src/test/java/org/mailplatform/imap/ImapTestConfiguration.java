package org.mailplatform.imap;

import java.io.File;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What IMAP tests add to the service: an in-memory directory with a few users. See
 * {@link #TLS_PROPERTIES} for a throwaway certificate.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ImapTestConfiguration {

    /** Properties of a self-signed certificate for localhost, made once per test JVM. */
    public static final String[] TLS_PROPERTIES = tlsProperties();

    @Bean
    InMemoryDirectory directory() {
        return new InMemoryDirectory()
                .user("t1", "alice@example.com", "secret")
                .user("t1", "bob@example.com", "hunter2")
                .user("t2", "carol@example.org", "s3cret")
                // the same user id in two tenants: ManageSieve's tenant isolation transcript
                .user("t1", "u-sieve", "sieve@one.example", "one")
                .user("t2", "u-sieve", "sieve@two.example", "two");
    }

    private static String[] tlsProperties() {
        try {
            X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).buildSelfSigned();
            File chain = cert.toTempCertChainPem();
            File key = cert.toTempPrivateKeyPem();
            return new String[] {"mail.tls.certificate=" + chain.getAbsolutePath(),
                    "mail.tls.private-key=" + key.getAbsolutePath()};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
