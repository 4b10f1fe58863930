package org.mailplatform.imap.message;

import java.util.function.LongSupplier;

/**
 * Decides whether one IDLE session's safety poll must read the store. The poll exists for change
 * events that were lost, and events can only be lost while this node's change feed was not reading
 * (not assigned, reassigned, stopped, stalled): the feed reports a number that stays the same while
 * it reads without a gap, or -1. The store is read when that number is -1 or differs from the one
 * seen at the session's last read.
 */
final class SafetyPollGate {

    private final LongSupplier feedUnbrokenSince;
    private long atLastRead;

    /** @param feedUnbrokenSince the feed's gap-free reading period, or -1 when it is not reading */
    SafetyPollGate(LongSupplier feedUnbrokenSince) {
        this.feedUnbrokenSince = feedUnbrokenSince;
        this.atLastRead = feedUnbrokenSince.getAsLong();
    }

    /** Whether this poll must read the store; if so, the current feed state counts as read. */
    boolean mustRead() {
        long now = feedUnbrokenSince.getAsLong();
        if (now >= 0 && now == atLastRead) {
            return false;
        }
        atLastRead = now;
        return true;
    }
}
