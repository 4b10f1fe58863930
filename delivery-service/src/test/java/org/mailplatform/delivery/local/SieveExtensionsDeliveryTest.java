package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveLimits;
import org.mailplatform.sieve.SieveRunner;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.StoreUnavailableException;

/**
 * The Sieve extensions added to jSieve, carried out at local delivery against the test stack:
 * {@code copy} (RFC 3894), {@code imap4flags} (RFC 5232) and {@code mailbox} (RFC 5490). One test puts
 * a store in front of the test stack's that cannot look mailboxes up, as OverQuotaPolicyTest fakes a
 * full one.
 */
class SieveExtensionsDeliveryTest extends SieveDeliveryTestBase {

    private List<MessageMeta> meta(Principal user, String mailbox) {
        return store.find(user, mailbox).isEmpty() ? List.of() : store.fetch(user, mailbox, MessageRange.all());
    }

    @Test
    void fileintoCopyStoresTheTargetAndTheInboxCopy() throws Exception {
        Principal user = user("copy");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work");
        activate(user, "require [\"fileinto\", \"copy\"]; fileinto :copy \"Work\";");
        double filed = sieve("filed");
        double kept = sieve("kept");

        enqueue("sender@example.org", message(user.address(), "both", ""), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(user, "Work").size() == 1 && inbox(user).size() == 1);
        assertThat(subjects(messages(user, "Work"))).containsExactly("both");
        assertThat(subjects(inbox(user))).containsExactly("both");
        assertThat(sieve("filed") - filed).isEqualTo(1);
        assertThat(sieve("kept") - kept).isEqualTo(1);
    }

    @Test
    void redirectCopyAlsoKeeps() throws Exception {
        Principal from = user("rcopy-a");
        Principal to = user("rcopy-b");
        activate(from, "require \"copy\"; redirect :copy \"" + to.address() + "\";");

        enqueue("sender@example.org", message(from.address(), "passed on and kept", ""), rcpt(from.address()));

        assertThat(subjects(awaitInbox(to, 1))).containsExactly("passed on and kept");
        assertThat(subjects(awaitInbox(from, 1))).containsExactly("passed on and kept");
    }

    @Test
    void addflagSeenThenFileintoStoresTheMessageSeen() throws Exception {
        Principal user = user("seen");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Read");
        activate(user, "require [\"fileinto\", \"imap4flags\"]; addflag \"\\\\Seen\"; fileinto \"Read\";");

        Outcome o = deliverer().handle(record(user, message(user.address(), "already read", ""), null));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(meta(user, "Read")).singleElement().satisfies(m -> assertThat(m.flags()).containsExactly("\\Seen"));
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void keepFlagsAndTheImplicitKeepWithTheVariable() throws Exception {
        Principal user = user("keepflags");
        store.ensureDefaultMailboxes(user);
        activate(user, """
                require ["imap4flags"];
                if header :contains "subject" "important" { keep :flags ["\\\\Flagged", "$Label1"]; stop; }
                addflag "\\\\seen \\\\Recent";
                """);

        deliverer().handle(record(user, message(user.address(), "important", ""), null));
        deliverer().handle(record(user, message(user.address(), "routine", ""), null));

        List<MessageMeta> inbox = inboxMeta(user);
        assertThat(inbox).hasSize(2);
        assertThat(inbox.get(0).flags()).containsExactlyInAnyOrder("\\Flagged", "$Label1");
        assertThat(inbox.get(1).flags()).as("\\Recent cannot be set: ignored").containsExactly("\\Seen");
    }

    @Test
    void aFlagTheStoreRefusesIsLeftOutNotTheMessage() throws Exception {
        Principal user = user("longflag");
        store.ensureDefaultMailboxes(user);
        // an IMAP atom, so the script compiles, but longer than the store keeps keywords
        activate(user, "require \"imap4flags\"; addflag [\"ok\", \"" + "k".repeat(150) + "\"];");

        deliverer().handle(record(user, message(user.address(), "flagged", ""), null));

        assertThat(inboxMeta(user)).singleElement().satisfies(m -> assertThat(m.flags()).containsExactly("ok"));
    }

    @Test
    void fileintoCreateMakesTheMailbox() throws Exception {
        Principal user = user("create");
        store.ensureDefaultMailboxes(user);
        activate(user, "require [\"fileinto\", \"mailbox\"]; fileinto :create \"Lists/New\";");

        deliverer().handle(record(user, message(user.address(), "first of the list", ""), null));
        deliverer().handle(record(user, message(user.address(), "second of the list", ""), null));

        assertThat(store.find(user, "Lists/New")).isPresent();
        assertThat(subjects(messages(user, "Lists/New"))).containsExactly("first of the list", "second of the list");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void aNameTheStoreRefusesIsKeptInTheInbox() throws Exception {
        Principal user = user("badname");
        store.ensureDefaultMailboxes(user);
        activate(user, "require [\"fileinto\", \"mailbox\"]; fileinto :create \"Bad//Name\";");

        deliverer().handle(record(user, message(user.address(), "nowhere to go", ""), null));

        assertThat(subjects(inbox(user))).containsExactly("nowhere to go");
        assertThat(store.find(user, "Bad/Name")).isEmpty();
    }

    @Test
    void mailboxexistsAsksTheUsersMailboxes() throws Exception {
        Principal user = user("exists");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work");
        activate(user, """
                require ["mailbox", "imap4flags"];
                if mailboxexists "Work" { addflag "$HasWork"; }
                if mailboxexists ["Work", "Nope"] { addflag "$HasNope"; }
                if mailboxexists "Archive" { addflag "$HasArchive"; }
                """);

        deliverer().handle(record(user, message(user.address(), "tested", ""), null));

        assertThat(inboxMeta(user)).singleElement().satisfies(m -> assertThat(m.flags())
                .isEqualTo(Set.of("$HasWork", "$HasArchive")));
    }

    /** A store that cannot look mailboxes up (MongoDB down), and otherwise is the test stack's. */
    private MailboxStore unreachableLookups() {
        return (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailboxStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        throw new StoreUnavailableException("mailbox store unavailable", null);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aMailboxexistsTheStoreCannotAnswerIsTriedAgainNotKept() throws Exception {
        Principal user = user("lookup-down");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work");
        activate(user, "require [\"fileinto\", \"mailbox\"]; if mailboxexists \"Work\" { fileinto \"Work\"; }");
        SieveCompiler compiler = new SieveCompiler();
        LocalDeliverer down = new LocalDeliverer(unreachableLookups(), blobs, bounces, OverQuotaPolicy.BOUNCE, schedule,
                json, LOCAL, RETRY, Clock.systemUTC(), meters, LocalDeliverer.DEFAULT_REFERENCE_WINDOW,
                new LocalDeliverer.Filtering(new SieveFilter(scripts, compiler, new SieveRunner(compiler,
                        SieveLimits.DEFAULTS), blobs, Duration.ofSeconds(30), 100), null, INBOUND));
        var r = record(user, message(user.address(), "to work", ""), null);

        assertThatThrownBy(() -> down.handle(r)).isInstanceOf(StoreUnavailableException.class);
        assertThat(inbox(user)).as("not kept on a guess").isEmpty();

        deliverer().handle(r);
        assertThat(subjects(messages(user, "Work"))).containsExactly("to work");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void fileintoSpecialUseFindsTheMailboxByItsUseWhateverItIsCalled() throws Exception {
        Principal user = user("specialuse");
        store.ensureDefaultMailboxes(user);
        store.rename(user, "Junk", "Unwanted");
        activate(user, """
                require ["fileinto", "mailbox", "special-use"];
                if header :contains "subject" "spam" { fileinto :specialuse "\\\\Junk" "Spam"; stop; }
                if specialuse_exists "Unwanted" "\\\\Junk" { fileinto :specialuse "\\\\Flagged" :create "Flagged"; }
                """);

        deliverer().handle(record(user, message(user.address(), "spam offer", ""), null));
        deliverer().handle(record(user, message(user.address(), "routine", ""), null));

        assertThat(subjects(messages(user, "Unwanted"))).containsExactly("spam offer");
        assertThat(store.find(user, "Spam")).isEmpty();
        // no \\Flagged mailbox (not a use the store has): the named one, created plainly
        assertThat(subjects(messages(user, "Flagged"))).containsExactly("routine");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void fileintoSpecialUseCreateGivesTheNewMailboxTheUse() throws Exception {
        Principal user = user("specialcreate");
        store.ensureDefaultMailboxes(user);
        store.delete(user, "Archive");
        activate(user, "require [\"fileinto\", \"mailbox\", \"special-use\"];"
                + " fileinto :specialuse \"\\\\Archive\" :create \"Old mail\";");

        deliverer().handle(record(user, message(user.address(), "to keep", ""), null));
        deliverer().handle(record(user, message(user.address(), "to keep too", ""), null));

        assertThat(store.find(user, "Old mail")).hasValueSatisfying(m ->
                assertThat(m.specialUse()).isEqualTo(org.mailplatform.store.SpecialUse.ARCHIVE));
        assertThat(subjects(messages(user, "Old mail"))).containsExactly("to keep", "to keep too");
    }
}
