package org.mailplatform.gateway.security;

import java.util.List;
import java.util.Locale;

import org.mailplatform.gateway.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Requires a valid bearer token on every {@code /api/**} request except the public paths, and
 * refuses paths a downstream server could normalise into another route's territory
 * ({@code /api/admin/token/../users}, encoded slashes and dots, matrix parameters): the gateway
 * decides on the path it sees, so the path it forwards must mean the same to the service.
 */
public final class JwtAuthenticationFilter implements WebFilter, Ordered {

    /** After the size check, before rate limiting (which counts by the verified identity). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    private static final List<String> AMBIGUOUS = List.of("%2e", "%2f", "%5c", "%3b", "%00", "\\", ";", "//");

    private final JwtVerifier verifier;
    private final List<PathPattern> publicPaths;
    private final Problems problems;

    JwtAuthenticationFilter(JwtVerifier verifier, JwtProperties properties, Problems problems) {
        this.verifier = verifier;
        this.problems = problems;
        this.publicPaths = properties.publicPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath == null || !rawPath.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        if (isAmbiguous(rawPath)) {
            return problems.write(exchange, HttpStatus.BAD_REQUEST, "ambiguous_path",
                    "the path contains dot segments, encoded separators or matrix parameters");
        }
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (publicPaths.stream().anyMatch(p -> p.matches(path))) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return problems.write(exchange, HttpStatus.UNAUTHORIZED, "missing_token", "a bearer token is required");
        }
        return verifier.verify(authorization.substring(7).trim())
                .flatMap(token -> {
                    exchange.getAttributes().put(VerifiedToken.ATTRIBUTE, token);
                    return chain.filter(exchange);
                })
                .onErrorResume(InvalidTokenException.class, e -> {
                    exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer error=\"invalid_token\", error_description=\"the token is not valid\"");
                    return problems.write(exchange, HttpStatus.UNAUTHORIZED, "invalid_token", "the bearer token is not valid: " + e.getMessage());
                })
                .onErrorResume(KeySetUnavailableException.class, e ->
                        problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "keys_unavailable",
                                "tokens cannot be checked right now; retry later"));
    }

    static boolean isAmbiguous(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (AMBIGUOUS.stream().anyMatch(lower::contains)) {
            return true;
        }
        for (String segment : lower.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
