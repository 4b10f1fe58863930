package org.mailplatform.auth.srs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.mailplatform.auth.address.DomainName;
import org.mailplatform.auth.address.InvalidAddressException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Sender Rewriting Scheme: delivery-service rewrites the envelope sender of mail an alias
 * forwards elsewhere into {@code SRS0=...@<domain>}; auth-service turns a bounce to such an address
 * back into the original sender. delivery-service binds the same keys, and both must hold the same
 * values, or the bounces of forwarded mail are refused.
 *
 * @param domain the domain of rewritten senders; its MX must be this platform. Empty (the default):
 *               SRS is off and resolution is unchanged
 * @param secret the HMAC key of the rewritten addresses, at least 16 bytes of UTF-8; required when
 *               {@code domain} is set
 * @param maxAge how long a rewritten sender is accepted back, in whole days (rounded down) from 1
 *               to 1023 (SRS timestamps count days modulo 1024); default 21 days
 */
@ConfigurationProperties("mail.srs")
public record SrsProperties(@DefaultValue("") String domain, String secret, @DefaultValue("21d") Duration maxAge) {

    /** SenderRewriting's own floor, checked here so that start-up names the setting. */
    static final int MIN_SECRET_BYTES = 16;
    static final int MAX_AGE_DAYS = 1023;

    public SrsProperties {
        domain = domain == null ? "" : domain.strip();
        if (!domain.isEmpty()) {
            if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("mail.srs.secret must have at least " + MIN_SECRET_BYTES
                        + " bytes (UTF-8) when mail.srs.domain is set");
            }
            try {
                // the lookup form of a domain, as recipients' domains are compared
                domain = DomainName.parse(domain).ascii();
            } catch (InvalidAddressException e) {
                throw new IllegalArgumentException("mail.srs.domain is not a domain name: " + domain, e);
            }
        }
        long days = maxAge.toDays();
        if (days < 1 || days > MAX_AGE_DAYS) {
            throw new IllegalArgumentException(
                    "mail.srs.max-age must be between 1d and " + MAX_AGE_DAYS + "d, not " + maxAge);
        }
    }

    /** SRS is on when a domain is set. */
    public boolean enabled() {
        return !domain.isEmpty();
    }

    public int maxAgeDays() {
        return (int) maxAge.toDays();
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "SrsProperties[domain=" + domain + ", maxAge=" + maxAge + "]";
    }
}
