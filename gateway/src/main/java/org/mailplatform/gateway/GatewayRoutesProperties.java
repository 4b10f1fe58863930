package org.mailplatform.gateway;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway sends each API. In Kubernetes these are the Services' cluster DNS names; in
 * {@code standalone} the in-process services' loopback ports.
 *
 * @param authServiceUri    base URI of auth-service, which serves {@code /api/admin/**}
 * @param mailboxServiceUri base URI of mailbox-service, which serves {@code /api/mail/**}
 * @param deliveryServiceUri base URI of delivery-service, which serves {@code /api/admin/queue/**}
 *                          (the rest of {@code /api/admin/**} goes to auth-service)
 */
@ConfigurationProperties("mail.gateway")
public record GatewayRoutesProperties(URI authServiceUri, URI mailboxServiceUri, URI deliveryServiceUri) {
}
