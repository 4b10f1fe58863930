package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.Test;

/** Angus Mail's IMAP provider, a real client, over STARTTLS and implicit TLS. */
class AngusMailClientTest extends ImapServerTestBase {

    private Store connect(String protocol, int port, boolean startTls, String user, String password)
            throws MessagingException {
        Properties props = new Properties();
        props.put("mail." + protocol + ".ssl.trust", "*");
        props.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        props.put("mail." + protocol + ".connectiontimeout", "5000");
        props.put("mail." + protocol + ".timeout", "5000");
        if (startTls) {
            props.put("mail." + protocol + ".starttls.enable", "true");
            props.put("mail." + protocol + ".starttls.required", "true");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect("127.0.0.1", port, user, password);
        return store;
    }

    @Test
    void logsInAfterStartTls() throws Exception {
        Store store = connect("imap", imapPort(), true, "alice@example.com", "secret");
        try {
            assertThat(store.isConnected()).isTrue();
        } finally {
            store.close();
        }
    }

    @Test
    void logsInOverImplicitTls() throws Exception {
        Store store = connect("imaps", imapsPort(), false, "bob@example.com", "hunter2");
        try {
            assertThat(store.isConnected()).isTrue();
        } finally {
            store.close();
        }
    }

    @Test
    void wrongPasswordFailsAuthentication() {
        assertThatThrownBy(() -> connect("imaps", imapsPort(), false, "bob@example.com", "nope"))
                .isInstanceOf(AuthenticationFailedException.class);
    }
}
