package org.mailplatform.gateway;

import org.mailplatform.gateway.breaker.RouteBreakers;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The routes of the public HTTP entry: one per backend API, each behind its own circuit breaker.
 * Spring Cloud Gateway appends the client's address to {@code X-Forwarded-For}; the services take
 * the last hop as the client.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    static final String ADMIN_API = "admin-api";
    /** The mail queues' admin API ({@code mailctl queue}), served by delivery-service. */
    static final String QUEUE_ADMIN_API = "queue-admin-api";
    static final String MAIL_API = "mail-api";
    /** Users' token endpoint for the mail API ({@code POST /api/auth/token}), served by auth-service. */
    static final String USER_AUTH_API = "user-auth-api";
    /**
     * The internal service-to-service credential header: never accepted from outside, so a client
     * cannot probe service tokens through the public entry.
     */
    static final String SERVICE_TOKEN_HEADER = "X-Mail-Service-Token";

    @Bean
    RouteLocator mailPlatformRoutes(RouteLocatorBuilder routes, GatewayRoutesProperties targets, RouteBreakers breakers) {
        return routes.routes()
                // before admin-api, which would otherwise take /api/admin/queue to auth-service
                .route(QUEUE_ADMIN_API, r -> r.order(-1).path("/api/admin/queue", "/api/admin/queue/**")
                        .filters(f -> f.removeRequestHeader(SERVICE_TOKEN_HEADER).filter(breakers.forRoute(QUEUE_ADMIN_API)))
                        .uri(targets.deliveryServiceUri()))
                .route(ADMIN_API, r -> r.path("/api/admin/**")
                        .filters(f -> f.removeRequestHeader(SERVICE_TOKEN_HEADER).filter(breakers.forRoute(ADMIN_API)))
                        .uri(targets.authServiceUri()))
                .route(USER_AUTH_API, r -> r.path("/api/auth/**")
                        .filters(f -> f.removeRequestHeader(SERVICE_TOKEN_HEADER).filter(breakers.forRoute(USER_AUTH_API)))
                        .uri(targets.authServiceUri()))
                .route(MAIL_API, r -> r.path("/api/mail/**")
                        .filters(f -> f.removeRequestHeader(SERVICE_TOKEN_HEADER).filter(breakers.forRoute(MAIL_API)))
                        .uri(targets.mailboxServiceUri()))
                .build();
    }
}
