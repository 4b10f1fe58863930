package org.mailplatform.gateway.openapi;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The merged OpenAPI document the gateway serves at {@code /api/openapi.yaml}.
 *
 * @param sources  each API's own OpenAPI document, by API name (order kept)
 * @param cacheTtl how long a merged document is served before the sources are fetched again
 * @param timeout  timeout of fetching one source
 */
@ConfigurationProperties("mail.gateway.openapi")
public record OpenApiProperties(
        @DefaultValue Map<String, URI> sources,
        @DefaultValue("60s") Duration cacheTtl,
        @DefaultValue("5s") Duration timeout) {
}
