package org.mailplatform.mailbox.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the REST API checks bearer tokens (RS256 JWTs issued by auth-service).
 *
 * @param issuer    required {@code iss} (default {@code mail-platform-auth})
 * @param audience  required {@code aud} (default {@code mail-platform-mail})
 * @param jwksUri   where auth-service publishes its signing keys; used when set
 * @param publicKey PEM of the RSA public key, instead of {@code jwksUri} (tests, fixed keys)
 */
@ConfigurationProperties("mail.mailbox.jwt")
public record JwtProperties(@DefaultValue("mail-platform-auth") String issuer,
                            @DefaultValue("mail-platform-mail") String audience, String jwksUri, String publicKey) {
}
