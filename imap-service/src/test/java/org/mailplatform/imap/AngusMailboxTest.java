package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.SentDateTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/** Angus Mail's IMAPStore and IMAPFolder against the server on the real test stack. */
class AngusMailboxTest extends ImapServerTestBase {

    private Session session() {
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "10000");
        return Session.getInstance(props);
    }

    private Store connect(Session session, String user) throws Exception {
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", imapPort(), user, "pw");
        return store;
    }

    private MimeMessage message(Session session, String subject) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("Ann <ann@example.com>"));
        m.setRecipients(Message.RecipientType.TO, "bob@example.com");
        m.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Grüße aus dem Test", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent("a,b\n1,2\n", "text/csv");
        attachment.setFileName("data.csv");
        m.setContent(new MimeMultipart(text, attachment));
        m.saveChanges();
        return m;
    }

    @Test
    void appendFetchFlagCopyMoveAndExpungeLikeAMailClient() throws Exception {
        Session session = session();
        Store store = connect(session, "angus@test.example");
        try {
            assertThat(store.getDefaultFolder().list("*")).extracting(Folder::getFullName)
                    .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Archive");
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.appendUIDMessages(new Message[] {message(session, "Grüße 1"), message(session, "second")});
            inbox.open(Folder.READ_WRITE);
            assertThat(inbox.getMessageCount()).isEqualTo(2);

            Message first = inbox.getMessage(1);
            assertThat(first.getSubject()).isEqualTo("Grüße 1");
            assertThat(first.getFrom()[0].toString()).isEqualTo("Ann <ann@example.com>");
            MimeMultipart parts = (MimeMultipart) first.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Grüße aus dem Test");
            assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("data.csv");
            assertThat(first.isSet(Flags.Flag.SEEN)).isTrue();

            first.setFlag(Flags.Flag.FLAGGED, true);
            assertThat(inbox.search(new jakarta.mail.search.FlagTerm(new Flags(Flags.Flag.FLAGGED), true))).hasSize(1);
            assertThat(inbox.search(new jakarta.mail.search.SubjectTerm("second"))).hasSize(1);

            inbox.copyMessages(new Message[] {first}, store.getFolder("Archive"));
            inbox.moveMessages(new Message[] {inbox.getMessage(2)}, store.getFolder("Trash"));

            first.setFlag(Flags.Flag.DELETED, true);
            assertThat(inbox.expunge()).contains(first); // Angus reports the moved message here too
            inbox.close(false);

            assertThat(store.getFolder("INBOX").getMessageCount()).isZero();

            assertThat(store.getFolder("Archive").getMessageCount()).isEqualTo(1);
            assertThat(store.getFolder("Trash").getMessageCount()).isEqualTo(1);
            Folder created = store.getFolder("Projects/2026");
            assertThat(created.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(created.exists()).isTrue();
        } finally {
            store.close();
        }
    }

    /** SENTSINCE, SENTBEFORE and SENTON as Angus Mail's SentDateTerm sends them: the day of the Date header. */
    @Test
    void sentDateSearchLikeAMailClient() throws Exception {
        Session session = session();
        Store store = connect(session, "sentdate@test.example");
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            java.time.ZoneId here = java.time.ZoneId.systemDefault();
            MimeMessage older = message(session, "older");
            older.setSentDate(java.util.Date.from(java.time.LocalDate.of(2026, 3, 1).atTime(12, 0).atZone(here).toInstant()));
            MimeMessage newer = message(session, "newer");
            newer.setSentDate(java.util.Date.from(java.time.LocalDate.of(2026, 3, 5).atTime(12, 0).atZone(here).toInstant()));
            inbox.appendUIDMessages(new Message[] {older, newer});
            inbox.open(Folder.READ_ONLY);
            java.util.Date march3 = java.util.Date.from(java.time.LocalDate.of(2026, 3, 3).atStartOfDay(here).toInstant());
            java.util.Date march5 = java.util.Date.from(java.time.LocalDate.of(2026, 3, 5).atTime(9, 0).atZone(here).toInstant());

            assertThat(inbox.search(new SentDateTerm(ComparisonTerm.GE, march3))).extracting(Message::getSubject)
                    .containsExactly("newer");
            assertThat(inbox.search(new SentDateTerm(ComparisonTerm.LT, march3))).extracting(Message::getSubject)
                    .containsExactly("older");
            assertThat(inbox.search(new SentDateTerm(ComparisonTerm.EQ, march5))).extracting(Message::getSubject)
                    .containsExactly("newer");
        } finally {
            store.close();
        }
    }

    @Test
    void idleWakesUpWhenAnotherClientAppends() throws Exception {
        Session session = session();
        Store watcher = connect(session, "angus-idle@test.example");
        Store writer = connect(session, "angus-idle@test.example");
        try {
            IMAPFolder inbox = (IMAPFolder) watcher.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            CompletableFuture<Void> idling = CompletableFuture.runAsync(() -> {
                try {
                    inbox.idle(true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            writer.getFolder("INBOX").appendMessages(new Message[] {message(session, "wake up")});
            idling.get(10, TimeUnit.SECONDS);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            inbox.close(false);
        } finally {
            watcher.close();
            writer.close();
        }
    }
}
