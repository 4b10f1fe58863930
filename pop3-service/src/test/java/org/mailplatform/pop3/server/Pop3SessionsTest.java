package org.mailplatform.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/** The registry of logged-in sessions an operator's kick reaches. */
class Pop3SessionsTest {

    private final Pop3Sessions sessions = new Pop3Sessions();
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
        sessions.add(alice, a1);
        sessions.add(alice, a2);
        sessions.add(sameIdOtherTenant, other);
        sessions.add(bob, b);
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
        sessions.add(alice, quit);
        sessions.add(alice, staying);
        sessions.remove(alice, quit);
        assertThat(sessions.revoke("t1", "alice")).isEqualTo(1);
        assertThat(quit.revoked).hasValue(0);
        assertThat(staying.revoked).hasValue(1);

        Session later = new Session();
        sessions.add(alice, later);
        assertThat(later.revoked).hasValue(0);
        sessions.remove(alice, later);
        assertThat(sessions.users()).isZero();
        assertThat(sessions.revoke("t1", "nobody")).isZero();
    }
}
