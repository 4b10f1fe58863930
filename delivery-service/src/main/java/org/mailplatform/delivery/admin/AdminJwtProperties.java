package org.mailplatform.delivery.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the queue admin API checks admin bearer tokens issued by auth-service
 * ({@code mail.delivery.admin.jwt.*}).
 *
 * @param issuer    required {@code iss} (default {@code mail-platform-auth})
 * @param audience  required {@code aud} (default {@code mail-platform-admin}, auth-service's admin tokens)
 * @param jwksUri   auth-service's key set ({@code .../api/admin/jwks}); used when set
 * @param publicKey PEM of the RSA public key instead of {@code jwksUri} (fixed keys, tests); with
 *                  neither, every token is refused
 */
@ConfigurationProperties("mail.delivery.admin.jwt")
public record AdminJwtProperties(String issuer, String audience, String jwksUri, String publicKey) {

    public AdminJwtProperties {
        issuer = issuer == null ? "mail-platform-auth" : issuer;
        audience = audience == null ? "mail-platform-admin" : audience;
    }
}
