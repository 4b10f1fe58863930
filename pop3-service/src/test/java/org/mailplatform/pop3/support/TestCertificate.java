package org.mailplatform.pop3.support;

import java.io.File;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/** A self-signed certificate for localhost, as PEM files, made once per test JVM. */
public final class TestCertificate {

    private static File certificate;
    private static File privateKey;

    private TestCertificate() {
    }

    private static synchronized void make() {
        if (certificate == null) {
            try {
                X509Bundle bundle = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                        .setIsCertificateAuthority(true).buildSelfSigned();
                certificate = bundle.toTempCertChainPem();
                privateKey = bundle.toTempPrivateKeyPem();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String certificatePath() {
        make();
        return certificate.getAbsolutePath();
    }

    public static String privateKeyPath() {
        make();
        return privateKey.getAbsolutePath();
    }
}
