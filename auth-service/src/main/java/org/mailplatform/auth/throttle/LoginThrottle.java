package org.mailplatform.auth.throttle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.mailplatform.auth.login.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed logins per account and per client address and decides delays and lockouts (see
 * {@link ThrottleProperties}). State lives in this process, bounded in size, like Dovecot's auth
 * penalty: a login spread over several auth-service replicas is throttled by each separately.
 */
public class LoginThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    /** Which limit a refusal came from. */
    public enum Scope {
        ACCOUNT, CLIENT
    }

    /** Why a login is refused before its password is even looked at. */
    public record Lockout(Scope scope, String key, Instant until) {
    }

    private final ThrottleProperties properties;
    private final Clock clock;
    private final Cache<String, FailureRecord> records;
    private final MeterRegistry meters;

    public LoginThrottle(ThrottleProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        Duration retention = properties.window().compareTo(properties.maxLockoutDuration()) > 0
                ? properties.window() : properties.maxLockoutDuration();
        this.records = Caffeine.newBuilder().maximumSize(properties.maxTrackedKeys()).expireAfterAccess(retention)
                .build();
        Gauge.builder("mail.auth.throttle.tracked", records, Cache::estimatedSize)
                .description("accounts and client addresses with recent login failures").register(meters);
    }

    /** The lockout that refuses this login now, if any. */
    public Optional<Lockout> lockout(String account, InetAddress client) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Lockout> found = lockout(Scope.ACCOUNT, accountKey(account), now)
                .or(() -> client == null ? Optional.empty() : lockout(Scope.CLIENT, clientKey(client), now));
        found.ifPresent(l -> refused(l.scope()).increment());
        return found;
    }

    private Optional<Lockout> lockout(Scope scope, String key, Instant now) {
        FailureRecord record = records.getIfPresent(scope + ":" + key);
        return record != null && record.isLocked(now) ? Optional.of(new Lockout(scope, key, record.lockedUntil()))
                : Optional.empty();
    }

    /**
     * Counts a failed login, locks the account or address when a threshold is reached, and returns
     * how long to wait before answering.
     */
    public Duration failed(String account, InetAddress client) {
        if (!properties.enabled()) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        int accountFailures = fail(Scope.ACCOUNT, accountKey(account), properties.accountLockoutThreshold(), now);
        int clientFailures = client == null ? 0
                : fail(Scope.CLIENT, clientKey(client), properties.clientLockoutThreshold(), now);
        return delayFor(Math.max(accountFailures, clientFailures));
    }

    private int fail(Scope scope, String key, int threshold, Instant now) {
        FailureRecord record = records.get(scope + ":" + key, k -> new FailureRecord());
        int failures = record.fail(now, properties.window());
        meters.counter("mail.auth.throttle.failures", "scope", scope.name().toLowerCase(Locale.ROOT)).increment();
        if (failures >= threshold) {
            Duration locked = record.lock(now, properties.lockoutDuration(), properties.maxLockoutDuration());
            meters.counter("mail.auth.throttle.lockouts", "scope", scope.name().toLowerCase(Locale.ROOT)).increment();
            LOG.warn("login lockout of {} {} for {} after {} failures", scope, LogSafe.text(key), locked, failures);
        }
        return failures;
    }

    /** Delay before refusing a locked-out login: as long as the longest failure delay. */
    public Duration lockedDelay() {
        return properties.enabled() ? properties.maxFailureDelay() : Duration.ZERO;
    }

    Duration delayFor(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration delay = properties.failureDelay().multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(properties.maxFailureDelay()) > 0 ? properties.maxFailureDelay() : delay;
    }

    /** A successful login forgets the account's failures (not the client address's). */
    public void succeeded(String account) {
        FailureRecord record = records.getIfPresent(Scope.ACCOUNT + ":" + accountKey(account));
        if (record != null) {
            record.clear();
        }
    }

    private Counter refused(Scope scope) {
        return meters.counter("mail.auth.throttle.refused", "scope", scope.name().toLowerCase(Locale.ROOT));
    }

    static String accountKey(String account) {
        return account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
    }

    /** IPv4 address as is; IPv6 by its /64, since one host usually owns a whole /64. */
    static String clientKey(InetAddress client) {
        if (client instanceof Inet6Address) {
            return HexFormat.of().formatHex(Arrays.copyOf(client.getAddress(), 8)) + "::/64";
        }
        return client.getHostAddress();
    }
}
