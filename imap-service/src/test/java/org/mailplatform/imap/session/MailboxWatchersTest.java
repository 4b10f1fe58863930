package org.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/** Revocation tells every session of one user, and only them, and frees their places at once. */
class MailboxWatchersTest {

    private final MailboxWatchers watchers = new MailboxWatchers();
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
        assertThat(watchers.tryAdd(a, watcher("a1"), 2)).isTrue();
        assertThat(watchers.tryAdd(a, watcher("a2"), 2)).isTrue();
        assertThat(watchers.tryAdd(a, watcher("a3"), 2)).isFalse();
        assertThat(watchers.tryAdd(b, watcher("b1"), 2)).isTrue();

        assertThat(watchers.revoked("t1", "u-a")).isEqualTo(2);
        assertThat(told).containsExactlyInAnyOrder("a1 revoked", "a2 revoked");

        // the ended sessions no longer hear of changes nor count for the per-user limit
        told.clear();
        assertThat(watchers.changed("t1", "u-a", "m1")).isZero();
        assertThat(watchers.tryAdd(a, watcher("a4"), 1)).isTrue();
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
}
