package org.mailplatform.delivery.stage;

import java.time.Duration;

/** Exponential back-off between {@code initial} and {@code max}, doubling per consecutive failure. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The delay to wait now; the following one is twice as long, up to the maximum. */
    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    void reset() {
        next = initial;
    }
}
