package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.store.MessageRange;

/** Angus Mail's POP3 provider (jakarta.mail) as a real client: plain with STLS, and implicit TLS. */
class AngusMailClientTest extends Pop3ServiceTestBase {

    private static final String M1 = "From: a@example.org\r\nSubject: first\r\n\r\nbody one\r\n";
    private static final String M2 = "From: b@example.org\r\nSubject: second\r\n\r\n.dot line\r\nbody two\r\n";

    @Test
    void readsMessagesAndUidsAndDeletesOnCloseWithExpunge() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        Properties props = new Properties();
        props.put("mail.pop3.starttls.enable", "true");
        props.put("mail.pop3.starttls.required", "true");
        props.put("mail.pop3.ssl.trust", "*");
        props.put("mail.pop3.ssl.checkserveridentity", "false");
        Store store = Session.getInstance(props).getStore("pop3");
        store.connect("localhost", port(), user.login(), Users.PASSWORD);
        POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        Message[] messages = inbox.getMessages();
        assertThat(messages[0].getSubject()).isEqualTo("first");
        assertThat(messages[1].getSubject()).isEqualTo("second");
        assertThat(((String) messages[1].getContent())).isEqualTo(".dot line\r\nbody two\r\n");
        assertThat(inbox.getUID(messages[0])).isEqualTo(user.messages().get(0).uidValidity() + "." + user.messages().get(0).uid());
        messages[0].setFlag(Flags.Flag.DELETED, true);
        inbox.close(true);
        store.close();

        List<Long> left = this.store.uids(user.principal(), "INBOX");
        assertThat(left).containsExactly(user.messages().get(1).uid());
    }

    @Test
    void closingWithoutExpungeDeletesNothingOverImplicitTls() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        Properties props = new Properties();
        props.put("mail.pop3s.ssl.trust", "*");
        props.put("mail.pop3s.ssl.checkserveridentity", "false");
        Store store = Session.getInstance(props).getStore("pop3s");
        store.connect("localhost", pop3sPort(), user.login(), Users.PASSWORD);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
        assertThat(inbox.getMessage(2).getSize()).isPositive();
        inbox.close(false);
        store.close();

        assertThat(this.store.fetch(user.principal(), "INBOX", MessageRange.all())).hasSize(2);
    }

    @Test
    void aClientThatLogsInAndQuitsMoreOftenThanTheAddressLimitIsNeverRefused() throws Exception {
        // the slot of a connection that ended with QUIT is free when the client closes, not when the
        // server's close-linger (2 s) ends: 30 sessions in a row from one address (limit 20 open)
        Users.TestUser user = users().create(M1);
        Properties props = new Properties();
        for (int i = 0; i < 30; i++) {
            Store store = Session.getInstance(props).getStore("pop3");
            store.connect("localhost", port(), user.login(), Users.PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).as("session %d", i + 1).isEqualTo(1);
            inbox.close(false);
            store.close();
        }
    }
}
