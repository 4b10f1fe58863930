package org.mailplatform.gateway.breaker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.mailplatform.gateway.limit.RequestBodyTooLargeException;
import org.mailplatform.gateway.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The circuit breaker of one route. Connection errors, timeouts and 5xx answers count as failures;
 * while the breaker is open the gateway answers 503 with {@code Retry-After} and does not call the
 * service, so a failing service gets room to recover and clients get a clean, fast answer.
 */
final class RouteCircuitBreakerFilter implements GatewayFilter {

    private final CircuitBreaker breaker;
    private final Problems problems;
    private final long retryAfterSeconds;

    RouteCircuitBreakerFilter(CircuitBreaker breaker, Problems problems) {
        this.breaker = breaker;
        this.problems = problems;
        this.retryAfterSeconds = Math.max(1, breaker.getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState().apply(1) / 1000);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!breaker.tryAcquirePermission()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "circuit_open",
                    "the service behind " + breaker.getName() + " is failing; retry later");
        }
        long start = System.nanoTime();
        return chain.filter(exchange)
                .then(Mono.fromRunnable(() -> recordAnswer(exchange, start)))
                .onErrorResume(e -> failed(exchange, start, e))
                .doOnCancel(breaker::releasePermission)
                .then();
    }

    private void recordAnswer(ServerWebExchange exchange, long start) {
        long took = System.nanoTime() - start;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        if (status != null && status.is5xxServerError()) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new UpstreamServerError(status.value()));
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
    }

    private Mono<Void> failed(ServerWebExchange exchange, long start, Throwable e) {
        if (e instanceof RequestBodyTooLargeException) {
            // the client's fault, not the service's
            breaker.releasePermission();
            return Mono.error(e);
        }
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        if (isTimeout(e)) {
            return problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout",
                    "the service behind " + breaker.getName() + " did not answer in time");
        }
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "upstream_unavailable",
                "the service behind " + breaker.getName() + " cannot be reached; retry later");
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException
                || e instanceof ResponseStatusException rse && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()
                || e.getCause() instanceof TimeoutException;
    }
}
