package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The attack set of a user and an admin of tenant A against tenant B's mailbox, over IMAP, POP3,
 * SMTP submission and the REST APIs: nothing of B's is ever reachable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

    private final PlatformProcesses platform = PlatformProcesses.shared();
    private AdminApi platformAdmin;
    private Tenants.Account alice;
    private Tenants.Account bob;
    private final String aliceMessage = MailClients.newMessageId();
    private final String bobMessage = MailClients.newMessageId();

    @BeforeAll
    void twoTenantsWithMail() throws Exception {
        platformAdmin = AdminApi.platformAdmin(platform);
        alice = Tenants.user(platformAdmin, Tenants.tenantWithDomain(platformAdmin, "tenant-a"), "alice");
        bob = Tenants.user(platformAdmin, Tenants.tenantWithDomain(platformAdmin, "tenant-b"), "bob");
        MailClients.sendMx(platform.smtpPort(), "carol@remote.test", alice.address(), "for alice", aliceMessage);
        MailClients.sendMx(platform.smtpPort(), "carol@remote.test", bob.address(), "for bob", bobMessage);
        for (Tenants.Account account : new Tenants.Account[] {alice, bob}) {
            await("mail delivered to " + account.address()).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500)).until(() -> imapInboxIds(account).length == 1);
        }
    }

    @Test
    void imapShowsOnlyTheUsersOwnMailAndNoOtherTenantsFolder() throws Exception {
        assertThat(imapInboxIds(alice)).containsExactly("<" + aliceMessage + ">");
        Store store = MailClients.store("imap", platform.imapPortB(), alice.address(), alice.password());
        try {
            String[] names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName).toArray(String[]::new);
            assertThat(names).isNotEmpty().noneMatch(n -> n.contains(bob.domain()) || n.contains("bob"));
            for (String name : new String[] {bob.address() + "/INBOX", "../" + bob.userId() + "/INBOX", bob.userId(),
                    "#shared/" + bob.address(), "Other Users/" + bob.address() + "/INBOX"}) {
                Folder folder = store.getFolder(name);
                try {
                    assertThat(folder.exists()).as(name).isFalse();
                } catch (MessagingException refused) {
                    // a NO or BAD to LIST is as good as an empty answer
                }
                assertThatThrownBy(() -> folder.open(Folder.READ_ONLY)).as(name).isInstanceOf(MessagingException.class);
            }
        } finally {
            store.close();
        }
    }

    @Test
    void anotherTenantsUserCannotLogInWithTheWrongPasswordOnAnyProtocol() {
        for (String protocol : new String[] {"imap", "pop3"}) {
            int port = protocol.equals("imap") ? platform.imapPortA() : platform.pop3Port();
            assertThatThrownBy(() -> MailClients.store(protocol, port, bob.address(), alice.password() + "x").close())
                    .as(protocol).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> MailClients.submit(platform.submissionPort(), bob.address(), "wrong-" + alice.password(),
                bob.address(), alice.address(), "forged", MailClients.newMessageId()))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void pop3ShowsOnlyTheUsersOwnMaildrop() throws Exception {
        Store store = MailClients.store("pop3", platform.pop3Port(), alice.address(), alice.password());
        try {
            Folder drop = store.getFolder("INBOX");
            drop.open(Folder.READ_ONLY);
            Message[] messages = drop.getMessages();
            assertThat(messages).hasSize(1);
            assertThat(messages[0].getHeader("Message-ID")).containsExactly("<" + aliceMessage + ">");
            drop.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void submissionRefusesAnotherTenantsSenderAddress() {
        assertThatThrownBy(() -> MailClients.submit(platform.submissionPort(), alice.address(), alice.password(),
                bob.address(), alice.address(), "forged sender", MailClients.newMessageId()))
                .isInstanceOf(MessagingException.class).hasMessageContaining("553");
    }

    @Test
    void aTenantAdminReachesNothingOfAnotherTenantOverRest() {
        AdminApi adminA = platformAdmin.tenantAdmin(alice.tenant(), "admin-" + alice.tenant(), Tenants.PASSWORD);

        // control: its own tenant's mailbox answers, with alice's message
        AdminApi.Answer own = adminA.get("/api/mail/users/" + alice.userId() + "/mailboxes");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(inboxMessages(own.json())).isEqualTo(1);

        // directory objects of tenant B
        assertThat(adminA.get("/api/admin/users/" + AdminApi.encode(bob.address())).status()).isIn(403, 404);
        assertThat(adminA.get("/api/admin/domains/" + bob.domain()).status()).isIn(403, 404);
        assertThat(adminA.get("/api/admin/tenants/" + bob.tenant()).status()).isIn(403, 404);
        assertThat(adminA.call("POST", "/api/admin/users/" + AdminApi.encode(bob.address()) + "/suspend", null).status())
                .isIn(403, 404);

        // tenant B's mailbox named explicitly: refused
        AdminApi.Answer named = adminA.get("/api/mail/users/" + bob.userId() + "/mailboxes?tenant=" + bob.tenant());
        assertThat(named.status()).as(named.body()).isIn(403, 404);
        // bob's user id inside tenant A's scope: whatever answers, it is not bob's mail
        AdminApi.Answer scoped = adminA.get("/api/mail/users/" + bob.userId() + "/mailboxes");
        assertThat(scoped.body()).doesNotContain(bobMessage).doesNotContain("for bob");
        if (scoped.status() == 200) {
            assertThat(inboxMessages(scoped.json())).isZero();
        } else {
            assertThat(scoped.status()).isIn(403, 404);
        }
        AdminApi.Answer raw = adminA.get("/api/mail/users/" + bob.userId() + "/mailboxes/INBOX/messages");
        assertThat(raw.body()).doesNotContain(bobMessage).doesNotContain("for bob");
    }

    @Test
    void aUsersOwnTokenReachesOnlyTheirOwnMailboxOverRest() {
        AdminApi aliceRest = AdminApi.mailUser(platform.gatewayUrl(), alice.address(), alice.password());

        // control: alice's own mailboxes and message, through the gateway with her own token
        AdminApi.Answer own = aliceRest.get("/api/mail/mailboxes");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(inboxMessages(own.json())).isEqualTo(1);
        AdminApi.Answer ownMessages = aliceRest.get("/api/mail/mailboxes/" + inboxId(own.json()) + "/messages");
        assertThat(ownMessages.status()).as(ownMessages.body()).isEqualTo(200);
        assertThat(ownMessages.body()).contains("for alice");

        // bob's INBOX id, as his platform admin sees it, used by alice: not found, nothing of bob's
        String bobInbox = inboxId(platformAdmin.get("/api/mail/users/" + bob.userId() + "/mailboxes?tenant=" + bob.tenant()).json());
        for (String path : new String[] {"/api/mail/mailboxes/" + bobInbox + "/messages",
                "/api/mail/mailboxes/" + bobInbox + "/messages/1", "/api/mail/mailboxes/" + bobInbox + "/messages/1/raw",
                "/api/mail/users/" + bob.userId() + "/mailboxes", "/api/mail/users/" + bob.userId() + "/mailboxes?tenant=" + bob.tenant(),
                "/api/mail/users/" + alice.userId() + "/mailboxes"}) {
            AdminApi.Answer answer = aliceRest.get(path);
            assertThat(answer.status()).as(path + ": " + answer.body()).isIn(403, 404);
            assertThat(answer.body()).as(path).doesNotContain(bobMessage).doesNotContain("for bob");
        }
        AdminApi.Answer flags = aliceRest.call("PATCH", "/api/mail/mailboxes/" + bobInbox + "/messages/1/flags",
                java.util.Map.of("add", java.util.List.of("\\Deleted")));
        assertThat(flags.status()).as(flags.body()).isIn(403, 404);
        assertThat(aliceRest.call("DELETE", "/api/mail/mailboxes/" + bobInbox + "/messages/1", null).status()).isIn(403, 404);

        // a user token is no admin token: the admin and queue APIs refuse it outright
        assertThat(aliceRest.get("/api/admin/users/" + AdminApi.encode(alice.address())).status()).isEqualTo(401);
        assertThat(aliceRest.get("/api/admin/queue").status()).isIn(401, 403);
        // and alice's password is no key to bob's token
        assertThat(AdminApi.userTokenAnswer(platform.gatewayUrl(), bob.address(), alice.password() + "x").status()).isEqualTo(401);
        // bob's message is still there, unflagged (over IMAP)
        assertThat(imapInboxIdsUnchecked(bob)).containsExactly("<" + bobMessage + ">");
    }

    private static String inboxId(JsonNode mailboxes) {
        JsonNode list = mailboxes.isArray() ? mailboxes : mailboxes.path("mailboxes");
        for (JsonNode mailbox : list) {
            if ("INBOX".equalsIgnoreCase(mailbox.path("name").asString())) {
                return mailbox.path("id").asString();
            }
        }
        throw new AssertionError("no INBOX in " + mailboxes);
    }

    private String[] imapInboxIdsUnchecked(Tenants.Account account) {
        try {
            return imapInboxIds(account);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages in the INBOX of a mailbox listing; 0 when there is no INBOX. */
    private static long inboxMessages(JsonNode mailboxes) {
        JsonNode list = mailboxes.isArray() ? mailboxes : mailboxes.path("mailboxes");
        for (JsonNode mailbox : list) {
            if ("INBOX".equalsIgnoreCase(mailbox.path("name").asString())) {
                return mailbox.path("messages").asLong();
            }
        }
        return 0;
    }

    private String[] imapInboxIds(Tenants.Account account) throws MessagingException {
        Store store = MailClients.store("imap", platform.imapPortA(), account.address(), account.password());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return Arrays.stream(inbox.getMessages()).map(m -> {
                    try {
                        return m.getHeader("Message-ID")[0];
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(String[]::new);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}
