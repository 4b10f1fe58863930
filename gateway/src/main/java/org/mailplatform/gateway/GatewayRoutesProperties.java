package org.mailplatform.gateway;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway sends each API. In Kubernetes these are the Services' cluster DNS names; in
 * {@code standalone} the in-process services' loopback ports.
 *
 * @param authServiceUri    base URI of auth-service, which serves {@code /api/admin/**}
 * @param mailboxServiceUri base URI of mailbox-service, which serves {@code /api/mail/**}
 */
@ConfigurationProperties("mail.gateway")
public record GatewayRoutesProperties(URI authServiceUri, URI mailboxServiceUri) {
}
