package org.mailplatform.teststack;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * Two independent DKIM verifiers (RFC 6376) for a signed message, with the public key record given
 * instead of looked up in DNS: Apache jDKIM, and dkimpy (Debian's {@code python3-dkim}, which
 * {@code .ci/run} installs). A signature both accept is not an artefact of one implementation.
 *
 * @param dnsName   {@code <selector>._domainkey.<domain>}
 * @param dnsRecord the TXT record published there, {@code v=DKIM1; k=rsa; p=...}
 */
public record DkimVerifiers(String dnsName, String dnsRecord) {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** jDKIM's verdict: the signatures that verified; throws {@link FailException} when one does not. */
    public List<SignatureRecord> verifyWithJdkim(byte[] message) throws IOException, FailException {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) ->
                (selector + "._domainkey." + domain).equalsIgnoreCase(dnsName) ? List.of(dnsRecord) : List.of());
        return verifier.verify(new ByteArrayInputStream(message));
    }

    /** dkimpy's verdict; the calling test is skipped when python3-dkim is not installed. */
    public boolean verifyWithDkimpy(byte[] message) {
        assumeThat(dkimpyInstalled()).as("python3-dkim is installed (apt-get install python3-dkim)").isTrue();
        try {
            Path script = Files.createTempFile("dkim-verify", ".py");
            try {
                try (InputStream in = DkimVerifiers.class.getResourceAsStream("/teststack/dkim-verify.py")) {
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), dnsName, dnsRecord)
                        .redirectErrorStream(true).start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(message);
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("dkimpy did not answer in 30 s");
                }
                if (!out.equals("pass") && !out.equals("fail")) {
                    throw new IllegalStateException("dkimpy said: " + out);
                }
                return p.exitValue() == 0;
            } finally {
                Files.deleteIfExists(script);
            }
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
