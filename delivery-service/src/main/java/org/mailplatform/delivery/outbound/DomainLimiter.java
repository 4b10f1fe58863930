package org.mailplatform.delivery.outbound;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds concurrent deliveries: at most {@code perDomain} at once to one destination domain (so a
 * busy domain does not see a flood of connections from us, as Postfix's
 * {@code default_destination_concurrency_limit}) and at most {@code total} overall.
 */
final class DomainLimiter {

    private final int perDomain;
    private final Semaphore total;
    private final ConcurrentMap<String, Semaphore> domains = new ConcurrentHashMap<>();

    DomainLimiter(int perDomain, int total) {
        this.perDomain = perDomain;
        this.total = new Semaphore(total, true);
    }

    /** Runs {@code work} holding a slot for {@code domain} and a global slot. */
    <T> T call(String domain, java.util.function.Supplier<T> work) throws InterruptedException {
        Semaphore d = domains.computeIfAbsent(domain, k -> new Semaphore(perDomain, true));
        d.acquire();
        try {
            total.acquire();
            try {
                return work.get();
            } finally {
                total.release();
            }
        } finally {
            d.release();
        }
    }

    /** Slots of {@code domain} in use now (for tests and metrics). */
    int inUse(String domain) {
        Semaphore d = domains.get(domain);
        return d == null ? 0 : perDomain - d.availablePermits();
    }
}
