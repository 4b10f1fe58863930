package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplatform.protocol.session.UserSessions.Admission.ADDED;
import static org.mailplatform.protocol.session.UserSessions.Admission.LIMIT;
import static org.mailplatform.protocol.session.UserSessions.Admission.REVOKED;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * A kick ends every session of the user that registered before it, and refuses every later
 * registration whose login check began before it: no session checked before a kick outlives it.
 */
class UserSessionsTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final UserSessions<String> sessions = new UserSessions<>(clock::get);

    @Test
    void aKickEndsTheRegisteredAndRefusesTheLoginsCheckedBeforeIt() {
        assertThat(sessions.add("t1", "alice", "a1", 5, clock.get())).isEqualTo(ADDED);
        long checkBegan = clock.addAndGet(10);
        clock.addAndGet(10);
        assertThat(sessions.revoke("t1", "alice")).containsExactly("a1");
        clock.addAndGet(10);

        assertThat(sessions.add("t1", "alice", "in flight", 5, checkBegan)).isEqualTo(REVOKED);
        // the same user id in another tenant, and a login checked after the kick, are let in
        assertThat(sessions.add("t2", "alice", "other tenant", 5, checkBegan)).isEqualTo(ADDED);
        assertThat(sessions.add("t1", "alice", "a2", 5, clock.get())).isEqualTo(ADDED);
        assertThat(sessions.forEach("t1", "alice", s -> { })).isEqualTo(1);
        assertThat(sessions.users()).isEqualTo(2);
    }

    @Test
    void theLimitCountsRegisteredSessionsOnly() {
        assertThat(sessions.add("t1", "bob", "b1", 2, clock.get())).isEqualTo(ADDED);
        assertThat(sessions.add("t1", "bob", "b2", 2, clock.get())).isEqualTo(ADDED);
        assertThat(sessions.add("t1", "bob", "b3", 2, clock.get())).isEqualTo(LIMIT);
        sessions.remove("t1", "bob", "b1");
        assertThat(sessions.add("t1", "bob", "b3", 2, clock.get())).isEqualTo(ADDED);
        List<String> told = new ArrayList<>();
        assertThat(sessions.forEach("t1", "bob", told::add)).isEqualTo(2);
        assertThat(told).containsExactlyInAnyOrder("b2", "b3");
        sessions.remove("t1", "bob", "b2");
        sessions.remove("t1", "bob", "b3");
        assertThat(sessions.users()).isZero();
    }

    @Test
    void aKickIsForgottenAfterTheLongestLogin() {
        long checkBegan = clock.get();
        sessions.revoke("t1", "carol");
        clock.addAndGet(UserSessions.REMEMBERED.toNanos() - 1);
        assertThat(sessions.add("t1", "carol", "slow", 1, checkBegan)).isEqualTo(REVOKED);
        clock.addAndGet(2);
        assertThat(sessions.add("t1", "carol", "slower than any login", 1, checkBegan)).isEqualTo(ADDED);
    }

    @Test
    void noSessionCheckedBeforeAConcurrentKickOutlivesIt() throws Exception {
        UserSessions<Login> live = new UserSessions<>();
        ConcurrentLinkedQueue<Login> logins = new ConcurrentLinkedQueue<>();
        // the kicks in order: the time read just before each, and the sessions each ended
        List<Long> kickTimes = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> loggingIn = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                loggingIn.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        Login login = new Login(live.now());
                        LockSupport.parkNanos(1_000); // the directory call, during which kicks come
                        login.admission = live.add("t1", "dave", login, Integer.MAX_VALUE, login.checkedAt);
                        logins.add(login);
                    }
                }));
            }
            Future<?> kicking = pool.submit(() -> {
                while (running.get()) {
                    long before = live.now();
                    List<Login> ended = live.revoke("t1", "dave");
                    synchronized (kickTimes) {
                        int kick = kickTimes.size();
                        kickTimes.add(before);
                        ended.forEach(l -> l.endedBy = kick);
                    }
                    LockSupport.parkNanos(20_000);
                }
            });
            for (Future<?> f : loggingIn) {
                f.get(60, TimeUnit.SECONDS);
            }
            running.set(false);
            kicking.get(10, TimeUnit.SECONDS);
        }
        int refused = 0;
        for (Login login : logins) {
            // the first kick that began after the login's check began: the session must not outlive it
            int firstKickAfter = firstAtOrAfter(kickTimes, login.checkedAt);
            if (login.admission == REVOKED) {
                refused++;
                assertThat(firstKickAfter).as("refused without a kick after its check").isLessThan(kickTimes.size());
            } else if (firstKickAfter < kickTimes.size()) {
                assertThat(login.endedBy).as("kick that ended a session checked before kick %d", firstKickAfter)
                        .isBetween(0, firstKickAfter);
            }
        }
        assertThat(kickTimes).hasSizeGreaterThan(10);
        assertThat(refused).isPositive();
    }

    private static int firstAtOrAfter(List<Long> times, long t) {
        int i = 0;
        while (i < times.size() && times.get(i) - t < 0) {
            i++;
        }
        return i;
    }

    /** A login in the concurrent test: when its check began and what registering answered. */
    private static final class Login {
        final long checkedAt;
        volatile UserSessions.Admission admission;
        /** The index of the kick that ended it, -1 if none did. */
        volatile int endedBy = -1;

        Login(long checkedAt) {
            this.checkedAt = checkedAt;
        }
    }
}
