package org.mailplatform.auth.throttle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Brute-force protection of logins, per account and per client address (IPv6 clients by their
 * /64). A failed login is answered after a delay that doubles with each recent failure; enough
 * failures lock the account or address out for a while, and each further lockout lasts twice as
 * long. A successful login clears the account's failures. The defaults let a person who mistypes
 * three times log in at once with the right password.
 *
 * @param enabled                  switch the whole mechanism off (default on)
 * @param failureDelay             delay before answering the first failure (default 200ms)
 * @param maxFailureDelay          cap of the doubling failure delay (default 2s; keep it well below
 *                                 the directory client's authenticate timeout)
 * @param window                   failures older than this (counted from the last failure) are
 *                                 forgotten (default 15m)
 * @param accountLockoutThreshold  failures of one account that lock it (default 10)
 * @param clientLockoutThreshold   failures from one client address that lock it (default 30)
 * @param lockoutDuration          first lockout (default 5m)
 * @param maxLockoutDuration       cap of the doubling lockout (default 1h)
 * @param maxTrackedKeys           accounts and addresses remembered at most, oldest dropped first
 *                                 (default 100000)
 */
@ConfigurationProperties("mail.auth.throttle")
public record ThrottleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200ms") Duration failureDelay,
        @DefaultValue("2s") Duration maxFailureDelay, @DefaultValue("15m") Duration window,
        @DefaultValue("10") int accountLockoutThreshold, @DefaultValue("30") int clientLockoutThreshold,
        @DefaultValue("5m") Duration lockoutDuration, @DefaultValue("1h") Duration maxLockoutDuration,
        @DefaultValue("100000") long maxTrackedKeys) {

    public ThrottleProperties {
        if (accountLockoutThreshold < 1 || clientLockoutThreshold < 1) {
            throw new IllegalArgumentException("lockout thresholds must be at least 1");
        }
        if (failureDelay.isNegative() || maxFailureDelay.compareTo(failureDelay) < 0) {
            throw new IllegalArgumentException("max-failure-delay must be at least failure-delay");
        }
    }
}
