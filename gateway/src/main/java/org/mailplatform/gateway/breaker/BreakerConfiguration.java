package org.mailplatform.gateway.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.gateway.problem.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j used programmatically (core module plus Micrometer binding), not through its Spring
 * Boot starter: standalone runs every service in one JVM, where the starters clash
 * (docs/adr/0401-gateway-hardening-without-spring-security.md).
 */
@Configuration(proxyBeanMethods = false)
class BreakerConfiguration {

    @Bean
    CircuitBreakerRegistry gatewayCircuitBreakers(BreakerProperties p, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(p.slidingWindowSize())
                .minimumNumberOfCalls(p.minimumNumberOfCalls())
                .failureRateThreshold(p.failureRateThreshold())
                .slowCallDurationThreshold(p.slowCallDuration())
                .slowCallRateThreshold(p.slowCallRateThreshold())
                .waitDurationInOpenState(p.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(p.permittedCallsInHalfOpen())
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    RouteBreakers routeBreakers(CircuitBreakerRegistry gatewayCircuitBreakers, Problems problems) {
        return new RouteBreakers(gatewayCircuitBreakers, problems);
    }
}
