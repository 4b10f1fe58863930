package org.mailplatform.gateway.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.mailplatform.gateway.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilter;

/** Hands each route its own circuit breaker, named after the route. */
public final class RouteBreakers {

    private final CircuitBreakerRegistry registry;
    private final Problems problems;

    RouteBreakers(CircuitBreakerRegistry registry, Problems problems) {
        this.registry = registry;
        this.problems = problems;
    }

    /** The breaker filter of the route with this id (one breaker per id). */
    public GatewayFilter forRoute(String routeId) {
        return new RouteCircuitBreakerFilter(registry.circuitBreaker(routeId), problems);
    }
}
