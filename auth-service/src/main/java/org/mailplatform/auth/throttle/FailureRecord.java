package org.mailplatform.auth.throttle;

import java.time.Duration;
import java.time.Instant;

/** Recent failures of one account or client address; guarded by its own monitor. */
final class FailureRecord {

    private int failures;
    private int lockouts;
    private Instant lastFailure = Instant.EPOCH;
    private Instant lockedUntil = Instant.EPOCH;

    synchronized boolean isLocked(Instant now) {
        return now.isBefore(lockedUntil);
    }

    synchronized Instant lockedUntil() {
        return lockedUntil;
    }

    /** Counts one failure; returns the failures now counted, after forgetting stale ones. */
    synchronized int fail(Instant now, Duration window) {
        if (Duration.between(lastFailure, now).compareTo(window) > 0) {
            failures = 0;
        }
        failures++;
        lastFailure = now;
        return failures;
    }

    /** Locks until a doubling duration from now and starts counting afresh; returns the duration. */
    synchronized Duration lock(Instant now, Duration first, Duration max) {
        Duration duration = first.multipliedBy(1L << Math.min(lockouts, 20));
        if (duration.compareTo(max) > 0) {
            duration = max;
        }
        lockouts++;
        failures = 0;
        lockedUntil = now.plus(duration);
        return duration;
    }

    synchronized void clear() {
        failures = 0;
        lockouts = 0;
        lockedUntil = Instant.EPOCH;
    }
}
