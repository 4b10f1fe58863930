package org.mailplatform.gateway.cors;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access to {@code /api/**}. Off unless origins are listed: browsers then refuse
 * cross-origin calls, which is right for an API used by operators' tools and server-side clients.
 *
 * @param allowedOrigins exact origins allowed (e.g. {@code https://webmail.example.org}); empty: CORS off
 * @param allowedMethods methods allowed in cross-origin requests
 * @param maxAge         how long a browser may cache a preflight answer
 */
@ConfigurationProperties("mail.gateway.cors")
public record CorsProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE"}) List<String> allowedMethods,
        @DefaultValue("1h") Duration maxAge) {

    public boolean enabled() {
        return allowedOrigins != null && !allowedOrigins.isEmpty();
    }
}
