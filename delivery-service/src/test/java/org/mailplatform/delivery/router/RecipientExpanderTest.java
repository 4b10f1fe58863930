package org.mailplatform.delivery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.support.InMemoryDirectory;
import org.mailplatform.model.Principal;

class RecipientExpanderTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final RecipientExpander expander = new RecipientExpander(directory, 3, 5);

    @Test
    void nestedAliasesExpandToEveryUserOnce() {
        Principal a = directory.addUser("a@d.test");
        Principal b = directory.addUser("b@d.test");
        directory.addAlias("all@d.test", "team@d.test", "a@d.test", "far@remote.test");
        directory.addAlias("team@d.test", "a@d.test", "b@d.test");

        Expansion.Targets t = (Expansion.Targets) expander.expand("all@d.test");
        assertThat(t.local()).containsExactly(a, b);
        assertThat(t.remote()).containsExactly("far@remote.test");
    }

    @Test
    void aLoopWithNothingElseFailsWith546() {
        directory.addAlias("x@d.test", "y@d.test");
        directory.addAlias("y@d.test", "X@d.test");

        assertThat(expander.expand("x@d.test")).isEqualTo(new Expansion.Failed("5.4.6", "mail forwarding loop for x@d.test"));
    }

    @Test
    void aLoopBranchIsDroppedWhenOtherTargetsRemain() {
        Principal a = directory.addUser("a@d.test");
        directory.addAlias("x@d.test", "y@d.test", "a@d.test");
        directory.addAlias("y@d.test", "x@d.test");

        Expansion.Targets t = (Expansion.Targets) expander.expand("x@d.test");
        assertThat(t.local()).containsExactly(a);
        assertThat(t.dropped()).containsExactly("x@d.test");
    }

    @Test
    void nestingDeeperThanTheLimitCountsAsALoop() {
        directory.addUser("end@d.test");
        directory.addAlias("l0@d.test", "l1@d.test");
        directory.addAlias("l1@d.test", "l2@d.test");
        directory.addAlias("l2@d.test", "l3@d.test");
        directory.addAlias("l3@d.test", "end@d.test");

        assertThat(expander.expand("l0@d.test")).isInstanceOf(Expansion.Failed.class);
        assertThat(((Expansion.Failed) expander.expand("l0@d.test")).status()).isEqualTo("5.4.6");
        assertThat(expander.expand("l1@d.test")).isInstanceOf(Expansion.Targets.class);
    }

    @Test
    void tooManyTargetsFailsTheWholeRecipientWith553() {
        directory.addAlias("big@d.test", "1@r.test", "2@r.test", "3@r.test", "4@r.test", "5@r.test");

        assertThat(((Expansion.Failed) expander.expand("big@d.test")).status()).isEqualTo("5.5.3");
    }

    @Test
    void unknownLocalUserFailsWith511AndRemoteAddressesPassThrough() {
        directory.addUser("a@d.test");
        assertThat(((Expansion.Failed) expander.expand("nobody@d.test")).status()).isEqualTo("5.1.1");
        assertThat(((Expansion.Targets) expander.expand("x@elsewhere.test")).remote()).containsExactly("x@elsewhere.test");
    }

    @Test
    void anUnavailableDirectoryIsNeverAnAnswer() {
        directory.unavailable(true);
        assertThatThrownBy(() -> expander.expand("a@d.test")).isInstanceOf(DirectoryUnavailableException.class);
    }
}
