package org.mailplatform.mailauth.dkim;

import java.util.Locale;

/**
 * The result of verifying one DKIM signature, as RFC 8601 2.7.1 names them for
 * Authentication-Results.
 */
public enum DkimResult {
    /** The signature verified. */
    PASS,
    /** The header signature or the body hash did not verify. */
    FAIL,
    /** The signature could not be processed: a syntax error, an unsupported algorithm. */
    NEUTRAL,
    /** The signature verified but is not acceptable (RFC 8301: rsa-sha1, an RSA key below 1024 bits). */
    POLICY,
    /** The key could not be had now (DNS timeout, SERVFAIL): the sender may try again. */
    TEMPERROR,
    /** The key is missing, revoked or unusable for this signature. */
    PERMERROR;

    /** The lower-case word of RFC 8601. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
