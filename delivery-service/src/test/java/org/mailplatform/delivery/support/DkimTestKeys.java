package org.mailplatform.delivery.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.teststack.DkimVerifiers;

/** A domain's DKIM key pair for tests, with its DNS record and the two verifiers of test-stack. */
public final class DkimTestKeys {

    private final String domain;
    private final String selector;
    private final KeyPair pair;
    private final DkimVerifiers verifiers;

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
        this.verifiers = new DkimVerifiers(selector + "._domainkey." + domain,
                "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    public DkimKeyResult.SigningKey signingKey(String tenantId) {
        return new DkimKeyResult.SigningKey(domain, tenantId, selector, pair.getPrivate());
    }

    public List<SignatureRecord> verifyWithJdkim(byte[] message) throws IOException, FailException {
        return verifiers.verifyWithJdkim(message);
    }

    public boolean verifyWithDkimpy(byte[] message) {
        return verifiers.verifyWithDkimpy(message);
    }
}
