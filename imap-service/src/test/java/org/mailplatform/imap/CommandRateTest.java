package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code mail.imap.commands-per-minute} (20 here): beyond the rate the connection is closed with
 * {@code * BYE too many commands}, but a SELECT or EXAMINE gives the client 3 commands per message
 * of the mailbox (each message once per connection) beyond it, so a sync client that walks a
 * mailbox larger than the rate one message per command is not cut off half way.
 */
@TestPropertySource(properties = "mail.imap.commands-per-minute=20")
class CommandRateTest extends ImapServerTestBase {

    private static final String BYE = "* BYE too many commands";

    @Autowired
    private MailboxStore store;

    /** A new user whose INBOX holds {@code messages} small messages. */
    private String userWithMessages(int messages) throws Exception {
        String login = "rate-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        Principal user = new Principal("t1", "u-" + login, login);
        store.ensureDefaultMailboxes(user);
        for (int i = 1; i <= messages; i++) {
            byte[] message = ("From: a@example.com\r\nSubject: message " + i + "\r\n\r\nbody " + i + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            store.append(user, "INBOX", AppendRequest.of(new ByteArrayInputStream(message)));
        }
        return login;
    }

    /** Sends {@code tag command} and returns its answer, which must end in OK (not BYE, not the end). */
    private static List<String> ok(LineClient c, String tag, String command) throws IOException {
        c.send(tag + " " + command);
        List<String> lines = new ArrayList<>();
        int empty = 0;
        String line;
        do {
            line = c.readLine();
            lines.add(line);
            assertThat(line).as("answer to %s", command).isNotEqualTo(BYE);
            // readLine gives empty lines at the end of the connection
            empty = line.isEmpty() ? empty + 1 : 0;
            assertThat(empty).as("connection closed during %s: %s", command, lines).isLessThan(5);
        } while (!line.startsWith(tag + " "));
        assertThat(line).as("answer to %s", command).startsWith(tag + " OK");
        return lines;
    }

    @Test
    void aClientThatFetchesFlagsAndCopiesEveryMessageOneByOneIsNotCutOff() throws Exception {
        int messages = 40;
        String user = userWithMessages(messages);
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            c.send("c CREATE Copies").ok("c");
            assertThat(c.run("s", "SELECT INBOX")).contains("* " + messages + " EXISTS");
            // 3 x 40 commands, well beyond the 17 left of the rate
            for (int i = 1; i <= messages; i++) {
                assertThat(ok(c, "f" + i, "FETCH " + i + " (BODY.PEEK[])")).contains("body " + i);
                ok(c, "t" + i, "STORE " + i + " +FLAGS (\\Seen)");
                ok(c, "k" + i, "COPY " + i + " Copies");
            }
            assertThat(ok(c, "st", "STATUS Copies (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES " + messages));
        }
    }

    @Test
    void angusMailReadsEveryMessageOfAMailboxLargerThanTheRate() throws Exception {
        int messages = 50;
        String user = userWithMessages(messages);
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Store client = Session.getInstance(props).getStore("imap");
        client.connect("127.0.0.1", imapPort(), user, "pw");
        try {
            Folder inbox = client.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(messages);
            // one message at a time, as an offline sync does
            for (int i = 1; i <= messages; i++) {
                Message m = inbox.getMessage(i);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                m.writeTo(body);
                assertThat(body.toString(StandardCharsets.US_ASCII)).contains("body " + i + "\r\n");
            }
            inbox.close(false);
        } finally {
            client.close();
        }
    }

    @Test
    void aNoopFloodBeyondTheRateAndTheShareIsRefusedAndSelectingAgainMintsNoMoreShare() throws Exception {
        String user = userWithMessages(10);
        long start = System.nanoTime();
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            c.send("s1 SELECT INBOX").ok("s1");
            // the same messages again: no more share
            c.send("s2 SELECT INBOX").ok("s2");
            c.send("s3 EXAMINE INBOX").ok("s3");
            c.send("s4 SELECT INBOX").ok("s4");
            // 20 - 5 commands of the rate left, 30 of the share, and a token every 3 seconds
            int completed = 0;
            String line;
            while (true) {
                c.send("n NOOP");
                line = c.readLine();
                if (!line.equals("n OK NOOP completed")) {
                    break;
                }
                completed++;
                assertThat(completed).as("NOOPs before the connection is closed").isLessThan(200);
            }
            assertThat(line).isEqualTo(BYE);
            c.expectEnd();
            // the rate's refill while the test ran; selecting again 3 times would have given 90 more
            long refilled = (System.nanoTime() - start) / 3_000_000_000L + 1;
            assertThat(completed).isBetween(15 + 30, 15 + 30 + (int) refilled);
        }
    }
}
