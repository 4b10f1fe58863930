package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/**
 * Mail in through smtp-ingress, delivered by one of the two delivery-service processes, wakes an
 * IMAP IDLE on imap-service B while imap-service A already shows it; POP3 then retrieves and
 * deletes it, and IMAP sees the deletion.
 */
class ImapIdleAndPop3IT {

    private final PlatformProcesses platform = PlatformProcesses.shared();

    @Test
    void idleOnTheOtherImapNodeWakesWithinOneSecondAndPop3DeletionIsSeenOverImap() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        Tenants.Account alice = Tenants.user(admin, Tenants.tenantWithDomain(admin, "idle"), "alice");
        String messageId = MailClients.newMessageId();

        Store imapB = MailClients.store("imap", platform.imapPortB(), alice.address(), alice.password());
        Store imapA = MailClients.store("imap", platform.imapPortA(), alice.address(), alice.password());
        try {
            IMAPFolder idling = (IMAPFolder) imapB.getFolder("INBOX");
            idling.open(Folder.READ_WRITE);
            assertThat(idling.getMessageCount()).isZero();
            AtomicLong wokeAt = new AtomicLong();
            idling.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    wokeAt.compareAndSet(0, System.nanoTime());
                }
            });
            CompletableFuture<Void> idle = CompletableFuture.runAsync(() -> {
                try {
                    idling.idle(true);
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            });

            long sent0 = System.nanoTime();
            MailClients.sendMx(platform.smtpPort(), "bob@remote.test", alice.address(), "idle wake-up", messageId);
            long accepted = System.nanoTime();

            // instance A: the moment the stored message is visible (STATUS polled every 25 ms)
            Folder inboxA = imapA.getFolder("INBOX");
            await("message visible on imap-service A").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(25))
                    .pollDelay(Duration.ZERO).until(() -> inboxA.getMessageCount() == 1);
            long visible = System.nanoTime();
            await("IDLE on imap-service B woken").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> wokeAt.get() != 0);
            idle.get();
            long wakeAfterVisible = (wokeAt.get() - visible) / 1_000_000;
            platform.report(String.format("IDLE wake on imap-service B: %d ms after the message was visible on A, %d ms "
                            + "after 250 (SMTP transaction %d ms), load average %s", wakeAfterVisible,
                    (wokeAt.get() - accepted) / 1_000_000, (accepted - sent0) / 1_000_000, PlatformProcesses.loadAverage()));
            assertThat(wakeAfterVisible).as("ms from visible on A to IDLE wake on B").isLessThan(1000);
            assertThat(idling.getMessage(1).getHeader("Message-ID")).containsExactly("<" + messageId + ">");

            // POP3 retrieves and deletes
            Store pop3 = MailClients.store("pop3", platform.pop3Port(), alice.address(), alice.password());
            try {
                Folder drop = pop3.getFolder("INBOX");
                drop.open(Folder.READ_WRITE);
                Message[] messages = drop.getMessages();
                assertThat(messages).hasSize(1);
                assertThat(messages[0].getHeader("Message-ID")).containsExactly("<" + messageId + ">");
                assertThat(new String(messages[0].getInputStream().readAllBytes())).contains(messageId);
                messages[0].setFlag(Flags.Flag.DELETED, true);
                drop.close(true);
            } finally {
                pop3.close();
            }

            // IMAP sees the deletion
            await("deletion seen by imap-service A").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> inboxA.getMessageCount() == 0);
            idling.close(false);
        } finally {
            imapA.close();
            imapB.close();
        }
    }

    @Test
    void anImapSessionLeftOpenOnTheOtherNodeIsToldOfAPop3Deletion() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        Tenants.Account alice = Tenants.user(admin, Tenants.tenantWithDomain(admin, "expunge"), "alice");
        String messageId = MailClients.newMessageId();
        MailClients.sendMx(platform.smtpPort(), "bob@remote.test", alice.address(), "to be deleted", messageId);
        Store imapB = MailClients.store("imap", platform.imapPortB(), alice.address(), alice.password());
        try {
            Folder inbox = imapB.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            // Jakarta Mail keeps an expunged message in getMessageCount() until the folder is closed;
            // the untagged EXPUNGE shows as a messagesRemoved event
            AtomicLong removed = new AtomicLong();
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesRemoved(MessageCountEvent e) {
                    removed.addAndGet(e.getMessages().length);
                }
            });
            await("delivered").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> inbox.getMessageCount() == 1);
            Store pop3 = MailClients.store("pop3", platform.pop3Port(), alice.address(), alice.password());
            try {
                Folder drop = pop3.getFolder("INBOX");
                drop.open(Folder.READ_WRITE);
                drop.getMessage(1).setFlag(Flags.Flag.DELETED, true);
                drop.close(true);
            } finally {
                pop3.close();
            }
            // each getMessageCount() sends a NOOP (at most one a second), whose answer carries the EXPUNGE
            await("EXPUNGE reported to the open session on imap-service B").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> inbox.getMessageCount() >= 0 && removed.get() == 1);
            assertThat(inbox.getMessage(1).isExpunged()).isTrue();
            inbox.close(false);
        } finally {
            imapB.close();
        }
    }
}
