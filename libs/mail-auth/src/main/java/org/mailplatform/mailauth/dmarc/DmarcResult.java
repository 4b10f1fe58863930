package org.mailplatform.mailauth.dmarc;

import java.util.Locale;

/**
 * The outcome of a DMARC evaluation, named as RFC 7489 11.2 registers them for the Authentication-Results
 * field (RFC 8601), so the caller can write {@code dmarc=}{@link #token()} without a mapping of its own.
 */
public enum DmarcResult {
    /** An aligned SPF or DKIM identifier authenticated the From domain. */
    PASS,
    /** A policy was published and no authenticated identifier aligned with the From domain. */
    FAIL,
    /** No DMARC policy applies: none published, several published, or no usable From domain. */
    NONE,
    /** The policy could not be looked up now (DNS timeout, SERVFAIL); a later try may succeed. */
    TEMPERROR,
    /** A policy record was found but is unusable (RFC 7489 6.6.3 step 6 without a valid rua). */
    PERMERROR;

    /** The lower-case result word of RFC 8601 / RFC 7489 11.2. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
