package org.mailplatform.gateway;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes of the public HTTP entry: one per backend API. */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

    @Bean
    RouteLocator mailPlatformRoutes(RouteLocatorBuilder routes, GatewayRoutesProperties targets) {
        return routes.routes()
                .route("admin-api", r -> r.path("/api/admin/**").uri(targets.authServiceUri()))
                .route("mail-api", r -> r.path("/api/mail/**").uri(targets.mailboxServiceUri()))
                .build();
    }
}
