package org.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailplatform.protocol.session.UserSessions.Admission.ADDED;
import static org.mailplatform.protocol.session.UserSessions.Admission.LIMIT;
import static org.mailplatform.protocol.session.UserSessions.Admission.REVOKED;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.protocol.session.UserSessions;

/** Revocation tells every session of one user, and only them, and frees their places at once. */
class MailboxWatchersTest {

    /** A clock the test moves: one tick per reading. */
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    private final MailboxWatchers watchers = new MailboxWatchers(new UserSessions<>(clock::incrementAndGet));
    private final List<String> told = new ArrayList<>();

    private MailboxWatchers.Watcher watcher(String name) {
        return new MailboxWatchers.Watcher() {
            @Override
            public void mailboxChanged(String mailboxId) {
                told.add(name + " changed " + mailboxId);
            }

            @Override
            public void revoked() {
                told.add(name + " revoked");
            }
        };
    }

    @Test
    void revocationEndsTheUsersSessionsOnlyAndFreesTheirPlaces() {
        Principal a = new Principal("t1", "u-a", "a@example.com");
        Principal b = new Principal("t1", "u-b", "b@example.com");
        assertThat(watchers.tryAdd(a, watcher("a1"), 2, watchers.now())).isEqualTo(ADDED);
        assertThat(watchers.tryAdd(a, watcher("a2"), 2, watchers.now())).isEqualTo(ADDED);
        assertThat(watchers.tryAdd(a, watcher("a3"), 2, watchers.now())).isEqualTo(LIMIT);
        assertThat(watchers.tryAdd(b, watcher("b1"), 2, watchers.now())).isEqualTo(ADDED);

        assertThat(watchers.revoked("t1", "u-a")).isEqualTo(2);
        assertThat(told).containsExactlyInAnyOrder("a1 revoked", "a2 revoked");

        // the ended sessions no longer hear of changes nor count for the per-user limit
        told.clear();
        assertThat(watchers.changed("t1", "u-a", "m1")).isZero();
        assertThat(watchers.tryAdd(a, watcher("a4"), 1, watchers.now())).isEqualTo(ADDED);
        assertThat(watchers.changed("t1", "u-b", "m2")).isEqualTo(1);
        assertThat(told).containsExactly("b1 changed m2");
        assertThat(watchers.users()).isEqualTo(2);
    }

    @Test
    void aRevocationForAUserWithoutSessionsTellsNobody() {
        assertThat(watchers.revoked("t1", "u-nobody")).isZero();
        assertThat(watchers.revoked("t2", "u-a")).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    void aLoginCheckedBeforeTheKickIsRefusedAndNeverCounted() {
        Principal a = new Principal("t1", "u-a", "a@example.com");
        long checkBegan = watchers.now();
        assertThat(watchers.revoked("t1", "u-a")).isZero();
        assertThat(watchers.tryAdd(a, watcher("late"), 1, checkBegan)).isEqualTo(REVOKED);
        assertThat(watchers.changed("t1", "u-a", "m1")).isZero();
        assertThat(watchers.tryAdd(a, watcher("next"), 1, watchers.now())).isEqualTo(ADDED);
        assertThat(told).isEmpty();
    }
}
