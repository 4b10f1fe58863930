package org.mailplatform.pop3.lease;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the leases of this node's live sessions, every third of the lease's lifetime, on its own
 * thread (never an event loop). A lease that could not be renewed because another session took it
 * over is marked lost: its session must not delete anything at QUIT.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final MaildropLeases leases;
    private final Set<HeldLease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public LeaseKeeper(MaildropLeases leases) {
        this.leases = leases;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("pop3-lease-keeper").factory());
        long period = Math.max(100, leases.ttl().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
    }

    /** A lease kept alive until {@link #release}. */
    public static final class HeldLease {
        private final Lease lease;
        private volatile boolean lost;

        HeldLease(Lease lease) {
            this.lease = lease;
        }

        public Lease lease() {
            return lease;
        }

        /** Whether another session took the maildrop over (this one's lease had expired). */
        public boolean lost() {
            return lost;
        }
    }

    public HeldLease keep(Lease lease) {
        HeldLease h = new HeldLease(lease);
        held.add(h);
        return h;
    }

    /**
     * Renews now and says whether the lease is still this session's; called right before the UPDATE
     * state deletes anything (blocking).
     */
    public boolean confirm(HeldLease h) {
        if (h.lost) {
            return false;
        }
        if (!leases.renew(h.lease)) {
            h.lost = true;
        }
        return !h.lost;
    }

    /** Stops renewing and frees the maildrop (blocking). */
    public void release(HeldLease h) {
        held.remove(h);
        if (!h.lost) {
            leases.release(h.lease);
        }
    }

    public int size() {
        return held.size();
    }

    private void renewAll() {
        for (HeldLease h : held) {
            try {
                if (!leases.renew(h.lease)) {
                    h.lost = true;
                    held.remove(h);
                    log.warn("POP3 lease of {} was lost (expired and taken over)", h.lease.maildrop());
                }
            } catch (RuntimeException e) {
                log.warn("cannot renew POP3 lease of {}: {}", h.lease.maildrop(), e.toString());
            }
        }
    }

    /** Stops the renewals (on shutdown the leases expire by themselves if sessions did not release them). */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
