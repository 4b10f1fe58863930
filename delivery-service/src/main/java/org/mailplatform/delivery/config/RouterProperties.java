package org.mailplatform.delivery.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Alias expansion limits of the router ({@code mail.delivery.router.*}).
 *
 * @param maxAliasDepth   deepest alias nesting followed (default 10); deeper branches count as a loop
 * @param maxAliasTargets most addresses one recipient may expand to (default 1000); beyond it the
 *                        recipient fails with 5.5.3
 */
@ConfigurationProperties("mail.delivery.router")
public record RouterProperties(Integer maxAliasDepth, Integer maxAliasTargets) {

    public RouterProperties {
        maxAliasDepth = maxAliasDepth == null ? 10 : maxAliasDepth;
        maxAliasTargets = maxAliasTargets == null ? 1000 : maxAliasTargets;
    }
}
