package org.mailplatform.gateway.security;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWKSet;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * auth-service's signing keys, fetched without blocking and cached. Concurrent fetches are
 * coalesced into one; a fetch forced by an unknown key id happens at most once per
 * {@link JwtProperties#jwksRefreshMinInterval()}; when a fetch fails the last good key set stays in
 * use, so a short auth-service outage does not log everybody out.
 */
final class JwksSource {

    private static final Logger log = LoggerFactory.getLogger(JwksSource.class);

    private final JwtProperties properties;
    private final WebClient web;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final AtomicReference<Mono<JWKSet>> inFlight = new AtomicReference<>();

    JwksSource(JwtProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
                .responseTimeout(properties.jwksTimeout());
        this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    /** The key set, fetched when none is cached or the cached one is older than the TTL. */
    Mono<JWKSet> current() {
        Snapshot s = snapshot.get();
        if (s != null && s.fetchedAt.plus(properties.jwksCacheTtl()).isAfter(clock.instant())) {
            return Mono.just(s.keys);
        }
        return fetch();
    }

    /** The key set after a token named a key id it does not hold: fetched again unless that was done just now. */
    Mono<JWKSet> afterUnknownKey() {
        Snapshot s = snapshot.get();
        if (s != null && s.fetchedAt.plus(properties.jwksRefreshMinInterval()).isAfter(clock.instant())) {
            return Mono.just(s.keys);
        }
        return fetch();
    }

    private Mono<JWKSet> fetch() {
        Mono<JWKSet> running = inFlight.get();
        if (running != null) {
            return running;
        }
        Mono<JWKSet> created = web.get().uri(properties.jwksUri()).retrieve().bodyToMono(String.class)
                .timeout(properties.jwksTimeout())
                .map(JwksSource::parse)
                .doOnNext(keys -> snapshot.set(new Snapshot(keys, clock.instant())))
                .onErrorResume(e -> {
                    Snapshot last = snapshot.get();
                    if (last == null) {
                        return Mono.error(new KeySetUnavailableException("cannot fetch signing keys from " + properties.jwksUri(), e));
                    }
                    log.warn("cannot refresh signing keys from {}, keeping the last ones: {}", properties.jwksUri(), e.toString());
                    return Mono.just(last.keys);
                })
                .doFinally(signal -> inFlight.set(null))
                .cache();
        return inFlight.compareAndSet(null, created) ? created : fetch();
    }

    private static JWKSet parse(String json) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("not a JWK set: " + e.getMessage(), e);
        }
    }

    private record Snapshot(JWKSet keys, Instant fetchedAt) {
    }
}
