package org.mailplatform.delivery.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.mailplatform.directory.client.DkimKeyResult;

/**
 * A domain's DKIM key pair for tests, with its DNS record, and two independent verifiers of a
 * signed message: jDKIM, and dkimpy (Debian's python3-dkim) when it is installed.
 */
public final class DkimTestKeys {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    private final String domain;
    private final String selector;
    private final KeyPair pair;

    public DkimTestKeys(String domain, String selector) {
        this.domain = domain;
        this.selector = selector;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public DkimKeyResult.SigningKey signingKey(String tenantId) {
        return new DkimKeyResult.SigningKey(domain, tenantId, selector, pair.getPrivate());
    }

    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    public String dnsRecord() {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    /** jDKIM's verdict: the verified signatures, or the failure. */
    public List<SignatureRecord> verifyWithJdkim(byte[] message) throws IOException, FailException {
        DKIMVerifier verifier = new DKIMVerifier((method, selectorAsked, domainAsked) ->
                (selectorAsked + "._domainkey." + domainAsked).equalsIgnoreCase(dnsName()) ? List.of(dnsRecord()) : List.of());
        return verifier.verify(new ByteArrayInputStream(message));
    }

    /** dkimpy's verdict, or the test is skipped when python3-dkim is not installed. */
    public boolean verifyWithDkimpy(byte[] message) {
        assumeThat(dkimpyInstalled()).as("python3-dkim is installed (apt-get install python3-dkim)").isTrue();
        try {
            Path script = Files.createTempFile("dkim-verify", ".py");
            try (InputStream in = DkimTestKeys.class.getResourceAsStream("/dkim/verify.py")) {
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), dnsName(), dnsRecord())
                    .redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(message);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("dkimpy did not answer in 30 s");
            }
            Files.deleteIfExists(script);
            if (!out.equals("pass") && !out.equals("fail")) {
                throw new IllegalStateException("dkimpy said: " + out);
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean dkimpyInstalled() {
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
