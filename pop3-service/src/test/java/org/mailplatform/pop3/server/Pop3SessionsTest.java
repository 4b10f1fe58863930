package org.mailplatform.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/** The registry of logged-in sessions an operator's kick reaches. */
class Pop3SessionsTest {

    /** A clock the test moves: one tick per reading. */
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    private final Pop3Sessions sessions = new Pop3Sessions(
            new org.mailplatform.protocol.session.UserSessions<>(clock::incrementAndGet));
    private final Principal alice = new Principal("t1", "alice", "alice@example.org");
    private final Principal sameIdOtherTenant = new Principal("t2", "alice", "alice@example.net");
    private final Principal bob = new Principal("t1", "bob", "bob@example.org");

    private static final class Session implements Pop3Sessions.Revocable {
        final AtomicInteger revoked = new AtomicInteger();

        @Override
        public void revoke() {
            revoked.incrementAndGet();
        }
    }

    @Test
    void revokeEndsEveryRegisteredSessionOfTheUserOnlyOnce() {
        Session a1 = new Session();
        Session a2 = new Session();
        Session other = new Session();
        Session b = new Session();
        assertThat(sessions.add(alice, a1, sessions.now())).isTrue();
        assertThat(sessions.add(alice, a2, sessions.now())).isTrue();
        assertThat(sessions.add(sameIdOtherTenant, other, sessions.now())).isTrue();
        assertThat(sessions.add(bob, b, sessions.now())).isTrue();
        assertThat(sessions.users()).isEqualTo(3);

        assertThat(sessions.revoke("t1", "alice")).isEqualTo(2);
        assertThat(a1.revoked).hasValue(1);
        assertThat(a2.revoked).hasValue(1);
        assertThat(other.revoked).hasValue(0);
        assertThat(b.revoked).hasValue(0);
        assertThat(sessions.users()).isEqualTo(2);

        // unregistered by the kick: a second one finds nothing
        assertThat(sessions.revoke("t1", "alice")).isZero();
        assertThat(a1.revoked).hasValue(1);
    }

    @Test
    void aSessionRemovedOrLoggedInAfterTheKickIsNotEnded() {
        Session quit = new Session();
        Session staying = new Session();
        assertThat(sessions.add(alice, quit, sessions.now())).isTrue();
        assertThat(sessions.add(alice, staying, sessions.now())).isTrue();
        sessions.remove(alice, quit);
        assertThat(sessions.revoke("t1", "alice")).isEqualTo(1);
        assertThat(quit.revoked).hasValue(0);
        assertThat(staying.revoked).hasValue(1);

        Session later = new Session();
        assertThat(sessions.add(alice, later, sessions.now())).isTrue();
        assertThat(sessions.users()).isEqualTo(1);
        assertThat(later.revoked).hasValue(0);
        sessions.remove(alice, later);
        assertThat(sessions.users()).isZero();
        assertThat(sessions.revoke("t1", "nobody")).isZero();
    }

    @Test
    void aLoginCheckedBeforeTheKickIsRefusedAfterIt() {
        long checkBegan = sessions.now();
        assertThat(sessions.revoke("t1", "alice")).isZero();
        Session inFlight = new Session();
        assertThat(sessions.add(alice, inFlight, checkBegan)).isFalse();
        assertThat(sessions.users()).isZero();
        // another user, or the same user's login checked after the kick, is let in
        assertThat(sessions.add(bob, new Session(), checkBegan)).isTrue();
        assertThat(sessions.add(alice, new Session(), sessions.now())).isTrue();
    }
}
