package org.mailplatform.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for localhost, so STARTTLS, SMTPS, IMAPS and POP3S work out of the box
 * on a laptop. Written once as PEM ({@code tls/cert.pem}, PKCS#8 {@code tls/key.pem}) and reused
 * on every start, so clients that pinned it keep trusting it.
 */
final class SelfSignedCertificate {

    private static final Duration VALIDITY = Duration.ofDays(825);

    private SelfSignedCertificate() {
    }

    static StandaloneConfig.TlsFiles ensure(Path directory) {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        if (Files.exists(cert) && Files.exists(key)) {
            return new StandaloneConfig.TlsFiles(cert, key);
        }
        try {
            Files.createDirectories(directory);
            generate(cert, key);
            return new StandaloneConfig.TlsFiles(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TLS material to " + directory, e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static void generate(Path certFile, Path keyFile)
            throws IOException, GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=localhost, O=Mail Platform standalone");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAlternativeNames()));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));

        writePem(certFile, certificate);
        writePem(keyFile, new JcaPKCS8Generator(pair.getPrivate(), null).generate());
        DataDirectory.restrictToOwner(keyFile);
    }

    private static GeneralName[] subjectAlternativeNames() {
        List<GeneralName> names = new java.util.ArrayList<>(List.of(
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1")));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.equals("localhost") && host.matches("[A-Za-z0-9.-]+")) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            }
        } catch (IOException e) {
            // no resolvable host name: localhost alone will do
        }
        return names.toArray(GeneralName[]::new);
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }
}
