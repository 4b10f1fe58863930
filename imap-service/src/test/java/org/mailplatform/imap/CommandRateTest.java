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
import jakarta.mail.internet.MimeMessage;
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
 * mailbox larger than the rate one message per command is not cut off half way; an APPEND that
 * stores its message costs nothing of the rate, so an upload one message per APPEND is not either,
 * while failing APPENDs count.
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

    /** Appends {@code message} with synchronizing literals; the mailbox name is one too when {@code nameAsLiteral}. */
    private static String append(LineClient c, String tag, String mailbox, boolean nameAsLiteral, String message)
            throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        String literal = "{" + bytes.length + "}";
        if (nameAsLiteral) {
            c.send(tag + " APPEND {" + mailbox.length() + "}");
            String plus = c.readLine();
            assertThat(plus).as("APPEND %s", tag).startsWith("+");
            c.send(mailbox + " " + literal);
        } else {
            c.send(tag + " APPEND " + mailbox + " " + literal);
        }
        String line = c.readLine();
        if (!line.startsWith("+")) {
            return line; // refused before the message is sent (TRYCREATE, TOOBIG) or BYE
        }
        c.write(bytes).send("");
        do {
            line = c.readLine();
        } while (line.startsWith("* ") && !line.startsWith("* BYE"));
        return line;
    }

    @Test
    void aClientThatAppendsThreeTimesTheRateOneMessageAtATimeIsNotCutOff() throws Exception {
        String user = userWithMessages(0);
        int messages = 60;
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            c.send("c CREATE Upload").ok("c");
            for (int i = 1; i <= messages; i++) {
                // every third one names the mailbox as a literal: its "+" is counted too, and given back
                String answer = append(c, "a" + i, "Upload", i % 3 == 0,
                        "From: a@example.com\r\nSubject: upload " + i + "\r\n\r\nbody " + i + "\r\n");
                assertThat(answer).as("APPEND %d", i).startsWith("a" + i + " OK [APPENDUID ");
            }
            assertThat(ok(c, "st", "STATUS Upload (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES " + messages));
        }
    }

    @Test
    void angusMailAppendsThreeTimesTheRateOnOneConnection() throws Exception {
        String user = userWithMessages(0);
        int messages = 60;
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "5000");
        props.put("mail.imap.timeout", "5000");
        Session session = Session.getInstance(props);
        Message[] upload = new Message[messages];
        for (int i = 0; i < messages; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom("a@example.com");
            m.setSubject("upload " + (i + 1));
            m.setText("body " + (i + 1));
            upload[i] = m;
        }
        Store client = session.getStore("imap");
        client.connect("127.0.0.1", imapPort(), user, "pw");
        try {
            Folder folder = client.getFolder("Upload");
            assertThat(folder.create(Folder.HOLDS_MESSAGES)).isTrue();
            // without MULTIAPPEND, one APPEND per message on the store's connection
            folder.appendMessages(upload);
            folder.open(Folder.READ_ONLY);
            assertThat(folder.getMessageCount()).isEqualTo(messages);
            assertThat(folder.getMessage(messages).getSubject()).isEqualTo("upload " + messages);
            folder.close(false);
        } finally {
            client.close();
        }
    }

    @Test
    void appendsThatStoreNothingStillCountAfterStoredOnesGaveBackTheirs() throws Exception {
        String user = userWithMessages(0);
        long start = System.nanoTime();
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            // 30 stored, beyond the 19 left of the rate: they give back all they cost, and no more
            for (int i = 1; i <= 30; i++) {
                assertThat(append(c, "a" + i, "INBOX", i % 2 == 0, "Subject: " + i + "\r\n\r\nbody\r\n"))
                        .startsWith("a" + i + " OK");
            }
            int refused = 0;
            String line;
            while (true) {
                line = append(c, "n", "Nowhere", false, "Subject: lost\r\n\r\nbody\r\n");
                if (!line.equals("n NO [TRYCREATE] no such mailbox")) {
                    break;
                }
                refused++;
                assertThat(refused).as("refused APPENDs before the connection is closed").isLessThan(200);
            }
            assertThat(line).isEqualTo(BYE);
            c.expectEnd();
            long refilled = (System.nanoTime() - start) / 3_000_000_000L + 1;
            assertThat(refused).isBetween(19, 19 + (int) refilled);
        }
    }
}
