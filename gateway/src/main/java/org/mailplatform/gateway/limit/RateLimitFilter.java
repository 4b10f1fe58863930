package org.mailplatform.gateway.limit;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.mailplatform.gateway.problem.Problems;
import org.mailplatform.gateway.security.VerifiedToken;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-client rate limit on {@code /api/**}: a client is the verified token's tenant and subject,
 * or the remote address for the public paths. Refusals are 429 with {@code Retry-After}.
 */
public final class RateLimitFilter implements WebFilter, Ordered {

    /** After authentication, so a client is counted by who it is, not where it comes from. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

    private final ClientRateLimiter limiter;
    private final Problems problems;

    RateLimitFilter(ClientRateLimiter limiter, Problems problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        TokenBucket.Decision decision = limiter.tryAcquire(clientKey(exchange));
        if (decision.allowed()) {
            exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", Long.toString(decision.remaining()));
            return chain.filter(exchange);
        }
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(decision.retryInNanos() + 999_999_999L));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", "0");
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                "too many requests from this client; retry in " + retryAfter + " s");
    }

    static String clientKey(ServerWebExchange exchange) {
        VerifiedToken token = exchange.getAttribute(VerifiedToken.ATTRIBUTE);
        if (token != null) {
            return token.clientKey();
        }
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return "address:" + (remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress());
    }
}
