package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.junit.jupiter.api.Test;

/**
 * What an admin sets in auth-service takes effect in the other processes: aliases and catch-all
 * (delivery-service routes), suspended users (no login, mail still delivered), and quotas (a DSN
 * to the sender when the mailbox is full).
 */
class DirectoryFeaturesIT {

    private final PlatformProcesses platform = PlatformProcesses.shared();

    @Test
    void aliasAndCatchAllLandInTheTargetsInbox() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        String tenant = Tenants.tenantWithDomain(admin, "routing");
        Tenants.Account alice = Tenants.user(admin, tenant, "alice");
        admin.alias("team@" + alice.domain(), List.of(alice.address()));
        admin.catchAll(alice.domain(), List.of(alice.address()));
        String viaAlias = MailClients.newMessageId();
        String viaCatchAll = MailClients.newMessageId();
        MailClients.sendMx(platform.smtpPort(), "bob@remote.test", "team@" + alice.domain(), "via alias", viaAlias);
        MailClients.sendMx(platform.smtpPort(), "bob@remote.test", "nobody-known@" + alice.domain(), "via catch-all",
                viaCatchAll);
        await("both in alice's INBOX").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> inboxIds(alice).length == 2);
        assertThat(inboxIds(alice)).containsExactlyInAnyOrder("<" + viaAlias + ">", "<" + viaCatchAll + ">");
    }

    @Test
    void aSuspendedUserCannotLogInButStillReceivesMail() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        Tenants.Account carol = Tenants.user(admin, Tenants.tenantWithDomain(admin, "suspended"), "carol");
        admin.suspend(carol.address());
        for (String protocol : new String[] {"imap", "pop3"}) {
            int port = protocol.equals("imap") ? platform.imapPortA() : platform.pop3Port();
            assertThatThrownBy(() -> MailClients.store(protocol, port, carol.address(), carol.password()).close())
                    .as(protocol).isInstanceOf(AuthenticationFailedException.class);
        }
        String messageId = MailClients.newMessageId();
        MailClients.sendMx(platform.smtpPort(), "bob@remote.test", carol.address(), "while suspended", messageId);
        // the platform admin reads carol's mailbox over REST: the mail was delivered
        await("delivered to the suspended user").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> inboxMessages(admin, carol) == 1);
    }

    @Test
    void mailOverTheQuotaBouncesToTheSender() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        String tenant = Tenants.tenantWithDomain(admin, "quota");
        Tenants.Account dave = Tenants.user(admin, tenant, "dave");
        Tenants.Account erin = Tenants.user(admin, tenant, "erin");
        admin.userQuota(dave.address(), 10_000_000, 1);
        MailClients.sendMx(platform.smtpPort(), erin.address(), dave.address(), "first", MailClients.newMessageId());
        await("first delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> inboxIds(dave).length == 1);
        String second = MailClients.newMessageId();
        try {
            MailClients.sendMx(platform.smtpPort(), erin.address(), dave.address(), "over quota", second);
        } catch (MessagingException refusedAtRcpt) {
            assertThat(refusedAtRcpt).hasMessageContaining(".2.2");
            return;
        }
        await("DSN in the sender's INBOX").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> inboxIds(erin).length == 1);
        assertThat(inboxIds(dave)).hasSize(1);
        assertThat(rawInbox(erin)).contains("Action: failed").contains("5.2.2").contains(second);
    }

    private static long inboxMessages(AdminApi admin, Tenants.Account user) {
        AdminApi.Answer answer = admin.get("/api/mail/users/" + user.userId() + "/mailboxes?tenant=" + user.tenant());
        if (answer.status() != 200) {
            return -1;
        }
        for (var mailbox : answer.json()) {
            if ("INBOX".equalsIgnoreCase(mailbox.path("name").asString())) {
                return mailbox.path("messages").asLong();
            }
        }
        return 0;
    }

    private String[] inboxIds(Tenants.Account user) throws Exception {
        Store store = MailClients.store("imap", platform.imapPortA(), user.address(), user.password());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                return Arrays.stream(inbox.getMessages()).map(m -> {
                    try {
                        String[] id = m.getHeader("Message-ID");
                        return id == null ? "" : id[0];
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

    private String rawInbox(Tenants.Account user) throws Exception {
        Store store = MailClients.store("imap", platform.imapPortA(), user.address(), user.password());
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            StringBuilder all = new StringBuilder();
            for (Message message : inbox.getMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                all.append(raw.toString(StandardCharsets.UTF_8));
            }
            inbox.close(false);
            return all.toString();
        } finally {
            store.close();
        }
    }
}
