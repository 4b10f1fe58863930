package org.mailplatform.gateway;

import org.mailplatform.gateway.breaker.RouteBreakers;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes of the public HTTP entry: one per backend API, each behind its own circuit breaker. */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    static final String ADMIN_API = "admin-api";
    static final String MAIL_API = "mail-api";

    @Bean
    RouteLocator mailPlatformRoutes(RouteLocatorBuilder routes, GatewayRoutesProperties targets, RouteBreakers breakers) {
        return routes.routes()
                .route(ADMIN_API, r -> r.path("/api/admin/**")
                        .filters(f -> f.filter(breakers.forRoute(ADMIN_API)))
                        .uri(targets.authServiceUri()))
                .route(MAIL_API, r -> r.path("/api/mail/**")
                        .filters(f -> f.filter(breakers.forRoute(MAIL_API)))
                        .uri(targets.mailboxServiceUri()))
                .build();
    }
}
