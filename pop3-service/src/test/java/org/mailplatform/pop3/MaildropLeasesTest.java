package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.lease.Lease;
import org.mailplatform.pop3.lease.LeaseOutcome;
import org.mailplatform.pop3.lease.MaildropLeases;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The maildrop lock in MongoDB: one holder, expiry after a crash, LOGIN-DELAY, concurrent contenders. */
class MaildropLeasesTest extends Pop3ServiceTestBase {

    @Autowired
    MongoTemplate mongo;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static Principal someone() {
        String id = UUID.randomUUID().toString();
        return new Principal("t", id, id + "@example.org");
    }

    @Test
    void aHeldLeaseRefusesOthersUntilReleased() {
        MaildropLeases leases = new MaildropLeases(mongo, Duration.ofSeconds(60), Duration.ZERO, clock);
        Principal p = someone();
        LeaseOutcome first = leases.acquire(p, "node-a/1");
        assertThat(first).isInstanceOf(LeaseOutcome.Acquired.class);
        assertThat(leases.acquire(p, "node-b/2")).isInstanceOf(LeaseOutcome.InUse.class);
        leases.release(((LeaseOutcome.Acquired) first).lease());
        assertThat(leases.acquire(p, "node-b/2")).isInstanceOf(LeaseOutcome.Acquired.class);
    }

    @Test
    void anExpiredLeaseOfACrashedNodeIsTakenOverAndItsOwnerCannotRenewIt() {
        MaildropLeases leases = new MaildropLeases(mongo, Duration.ofSeconds(60), Duration.ZERO, clock);
        Principal p = someone();
        Lease crashed = ((LeaseOutcome.Acquired) leases.acquire(p, "node-a/1")).lease();
        clock.advance(Duration.ofSeconds(61));
        assertThat(leases.acquire(p, "node-b/2")).isInstanceOf(LeaseOutcome.Acquired.class);
        assertThat(leases.renew(crashed)).isFalse();
        leases.release(crashed); // must not free node-b's lease
        assertThat(leases.acquire(p, "node-c/3")).isInstanceOf(LeaseOutcome.InUse.class);
    }

    @Test
    void loginDelayRefusesALoginTooSoonAfterTheLast() {
        MaildropLeases leases = new MaildropLeases(mongo, Duration.ofSeconds(60), Duration.ofMinutes(5), clock);
        Principal p = someone();
        leases.release(((LeaseOutcome.Acquired) leases.acquire(p, "a/1")).lease());
        clock.advance(Duration.ofMinutes(2));
        LeaseOutcome tooSoon = leases.acquire(p, "a/2");
        assertThat(tooSoon).isInstanceOf(LeaseOutcome.TooSoon.class);
        assertThat(((LeaseOutcome.TooSoon) tooSoon).retryAfter()).isEqualTo(Duration.ofMinutes(3));
        clock.advance(Duration.ofMinutes(3));
        assertThat(leases.acquire(p, "a/3")).isInstanceOf(LeaseOutcome.Acquired.class);
    }

    @Test
    void ofManyConcurrentContendersExactlyOneWins() throws Exception {
        Principal p = someone();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<LeaseOutcome>> contenders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "node-" + i;
                MaildropLeases leases = new MaildropLeases(mongo, Duration.ofSeconds(60), Duration.ZERO, Clock.systemUTC());
                contenders.add(() -> leases.acquire(p, owner));
            }
            long winners = 0;
            for (Future<LeaseOutcome> f : pool.invokeAll(contenders)) {
                winners += f.get() instanceof LeaseOutcome.Acquired ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
