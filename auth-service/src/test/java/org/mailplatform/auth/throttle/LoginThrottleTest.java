package org.mailplatform.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.MovableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class LoginThrottleTest {

    /** The shipped defaults, as the binder would build them. */
    static ThrottleProperties defaults() {
        return new ThrottleProperties(true, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(15), 10,
                30, Duration.ofMinutes(5), Duration.ofHours(1), 100_000);
    }

    MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LoginThrottle throttle = new LoginThrottle(defaults(), clock, meters);
    InetAddress client = ip("192.0.2.7");

    @Test
    void threeMistypesDoNotLockTheAccountAndDelaysStayShort() {
        assertThat(throttle.failed("alice@example.com", client)).isEqualTo(Duration.ofMillis(200));
        assertThat(throttle.failed("alice@example.com", client)).isEqualTo(Duration.ofMillis(400));
        assertThat(throttle.failed("alice@example.com", client)).isEqualTo(Duration.ofMillis(800));
        assertThat(throttle.lockout("alice@example.com", client)).isEmpty();
    }

    @Test
    void delayGrowsToItsCap() {
        Duration last = Duration.ZERO;
        for (int i = 0; i < 9; i++) {
            last = throttle.failed("bob@example.com", client);
        }
        assertThat(last).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void accountLocksAtThresholdAndUnlocksAfterTheLockout() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("carol@example.com", ip("198.51.100." + i));
        }
        assertThat(throttle.lockout("CAROL@example.com", client)).get()
                .extracting(LoginThrottle.Lockout::scope).isEqualTo(LoginThrottle.Scope.ACCOUNT);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(throttle.lockout("carol@example.com", client)).isEmpty();
        assertThat(meters.counter("mail.auth.throttle.lockouts", "scope", "account").count()).isEqualTo(1);
    }

    @Test
    void repeatedLockoutsLastLonger() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("dave@example.com", null);
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        for (int i = 0; i < 10; i++) {
            throttle.failed("dave@example.com", null);
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(throttle.lockout("dave@example.com", null)).as("second lockout lasts 10 minutes").isPresent();
        clock.advance(Duration.ofMinutes(5));
        assertThat(throttle.lockout("dave@example.com", null)).isEmpty();
    }

    @Test
    void clientAddressLocksAcrossAccountsAndIpv6CountsPerSlash64() {
        for (int i = 0; i < 30; i++) {
            throttle.failed("user" + i + "@example.com", ip("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertThat(throttle.lockout("fresh@example.com", ip("2001:db8:1:2::ffff"))).get()
                .extracting(LoginThrottle.Lockout::scope).isEqualTo(LoginThrottle.Scope.CLIENT);
        assertThat(throttle.lockout("fresh@example.com", ip("2001:db8:1:3::1"))).isEmpty();
    }

    @Test
    void successForgetsTheAccountsFailuresAndOldFailuresExpire() {
        for (int i = 0; i < 9; i++) {
            throttle.failed("erin@example.com", null);
        }
        throttle.succeeded("erin@example.com");
        assertThat(throttle.failed("erin@example.com", null)).isEqualTo(Duration.ofMillis(200));
        for (int i = 0; i < 8; i++) {
            throttle.failed("erin@example.com", null);
        }
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.failed("erin@example.com", null)).isEqualTo(Duration.ofMillis(200));
        assertThat(throttle.lockout("erin@example.com", null)).isEmpty();
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
