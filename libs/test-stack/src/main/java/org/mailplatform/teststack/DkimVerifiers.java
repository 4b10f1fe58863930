package org.mailplatform.teststack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /** jDKIM's verdict: the signatures that verified; throws {@link FailException} when one does not. */
    public List<SignatureRecord> verifyWithJdkim(byte[] message) throws IOException, FailException {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) ->
                (selector + "._domainkey." + domain).equalsIgnoreCase(dnsName) ? List.of(dnsRecord) : List.of());
        return verifier.verify(new ByteArrayInputStream(message));
    }

    /** dkimpy's verdict; the calling test is skipped when python3-dkim is not installed. */
    public boolean verifyWithDkimpy(byte[] message) {
        Dkimpy.Result r = Dkimpy.run("dkim-verify.py", message, dnsName, dnsRecord);
        String out = new String(r.output(), StandardCharsets.UTF_8).trim();
        if (!out.equals("pass") && !out.equals("fail")) {
            throw new IllegalStateException("dkimpy said: " + out);
        }
        return r.exitCode() == 0;
    }
}
