package org.mailplatform.mailauth.dkim;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Locale;

import org.apache.james.jdkim.tagvalue.PublicKeyRecordImpl;

/**
 * A DKIM key record (RFC 6376 3.6.1) read by jDKIM, which also knows {@code k=ed25519} (RFC 8463
 * section 4): jDKIM reads every key as X.509 RSA, while an Ed25519 record holds the raw key.
 */
final class KeyRecord extends PublicKeyRecordImpl {

    KeyRecord(String record) {
        super(record);
    }

    /** @throws IllegalStateException for a key that does not decode, as jDKIM's own does */
    @Override
    public PublicKey getPublicKey() {
        if (!"ed25519".equals(getValue("k").toString().strip().toLowerCase(Locale.ROOT))) {
            return super.getPublicKey();
        }
        try {
            return Ed25519Keys.publicKey(Base64.getDecoder().decode(getValue("p").toString().replaceAll("\\s", "")));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("invalid Ed25519 key: " + e.getMessage(), e);
        }
    }
}
