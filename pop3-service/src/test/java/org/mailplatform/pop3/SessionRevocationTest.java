package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.support.Pop3Connection;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.store.events.ChangeFeedConsumer;
import org.mailplatform.store.events.ChangePublisher;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An operator ends a user's sessions ({@code sessionsRevoked} on {@code mailbox.changes}, published
 * by the store's own publisher as mailbox-service does): every POP3 session of that user on the
 * node ends without UPDATE (nothing marked deleted is deleted, the maildrop lock is released), other
 * users' sessions go on, and the user may log in again at once.
 */
class SessionRevocationTest extends Pop3ServiceTestBase {

    private static final String ENDED = "-ERR [SYS/TEMP] session ended by the administrator";

    @Autowired
    private ChangePublisher publisher;
    @Autowired
    private ChangeFeedConsumer changeFeed;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private BlockingWork blocking;

    @BeforeEach
    void feedReads() {
        await().atMost(Duration.ofSeconds(20)).until(changeFeed::ready);
    }

    private void revoke(Principal user) {
        publisher.publish(MailboxChange.sessionsRevoked(user.tenantId(), user.userId(), Instant.now()));
    }

    private double sessionsRevoked() {
        return meters.get("mail.pop3.sessions.revoked").counter().count();
    }

    private double events(String outcome) {
        return meters.get("mail.pop3.change.events").tag("outcome", outcome).counter().count();
    }

    @Test
    void theUsersSessionEndsWithoutDeletingOthersGoOnAndTheUserMayLogInAgainAtOnce() throws Exception {
        Users.TestUser a = users().create("Subject: a1\r\n\r\nx\r\n", "Subject: a2\r\n\r\ny\r\n");
        Users.TestUser b = users().create("Subject: b1\r\n\r\nz\r\n");
        double before = sessionsRevoked();
        double delivered = events("delivered");
        try (Pop3Connection kicked = new Pop3Connection("127.0.0.1", port());
             Pop3Connection other = new Pop3Connection("127.0.0.1", port())) {
            assertThat(kicked.login(a.login(), Users.PASSWORD)).startsWith("+OK maildrop has 2 messages");
            assertThat(kicked.command("DELE 1")).isEqualTo("+OK message 1 deleted");
            assertThat(other.login(b.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");

            revoke(a.principal());

            assertThat(kicked.readLine()).isEqualTo(ENDED);
            assertThat(kicked.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> sessionsRevoked() == before + 1 && events("delivered") == delivered + 1);

            // a kick is not a QUIT: the message marked with DELE is still there
            assertThat(store.uids(a.principal(), "INBOX"))
                    .containsExactly(a.messages().get(0).uid(), a.messages().get(1).uid());
            // the lock was released before the -ERR: no IN-USE
            try (Pop3Connection again = new Pop3Connection("127.0.0.1", port())) {
                assertThat(again.login(a.login(), Users.PASSWORD)).startsWith("+OK maildrop has 2 messages");
                assertThat(again.command("QUIT")).isEqualTo("+OK Bye (0 messages deleted)");
            }

            assertThat(other.command("STAT")).startsWith("+OK 1 ");
            assertThat(other.command("DELE 1")).isEqualTo("+OK message 1 deleted");
            assertThat(other.command("QUIT")).isEqualTo("+OK Bye (1 messages deleted)");
        }
        assertThat(store.uids(b.principal(), "INBOX")).isEmpty();
    }

    @Test
    void aMessageBeingRetrievedIsSentWholeBeforeTheSessionEnds() throws Exception {
        StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
        for (int i = 0; body.length() < 6 * 1024 * 1024; i++) {
            body.append("line ").append(i).append(' ').append("x".repeat(70)).append("\r\n");
        }
        String message = body.toString();
        Users.TestUser user = users().create(message);
        double before = sessionsRevoked();
        try (Pop3Connection c = Pop3Connection.slowReader("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK");
            // the client reads nothing of the message until the kick has reached the session: the
            // stream waits for it (the message is larger than the socket buffers)
            c.send("RETR 1");
            await().atMost(Duration.ofSeconds(20)).until(() -> blocking.inFlight() > 0);
            revoke(user.principal());
            await().atMost(Duration.ofSeconds(10)).until(() -> sessionsRevoked() == before + 1);

            assertThat(c.readLine()).isEqualTo("+OK " + message.length() + " octets");
            assertThat(new String(c.multiLineBytes(), StandardCharsets.US_ASCII)).isEqualTo(message);
            assertThat(c.readLine()).isEqualTo(ENDED);
            assertThat(c.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> blocking.inFlight() == 0);
        try (Pop3Connection again = new Pop3Connection("127.0.0.1", port())) {
            assertThat(again.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");
        }
    }

    @Test
    void aRevocationForAUserWithoutASessionHereIsCountedAndOtherEventsAreNot() throws Exception {
        Users.TestUser idle = users().create();
        Users.TestUser busy = users().create("Subject: a\r\n\r\nx\r\n");
        double revoked = sessionsRevoked();
        double unwatched = events("no-session");
        double delivered = events("delivered");
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(busy.login(), Users.PASSWORD)).startsWith("+OK");
            // a mailbox event of a user with a session here is not for POP3
            users().append(busy.principal(), "Subject: b\r\n\r\ny\r\n");
            revoke(idle.principal());
            await().atMost(Duration.ofSeconds(10)).until(() -> events("no-session") == unwatched + 1);
            assertThat(c.command("NOOP")).isEqualTo("+OK");
        }
        assertThat(sessionsRevoked()).isEqualTo(revoked);
        assertThat(events("delivered")).isEqualTo(delivered);
    }

    @Test
    void aLoginWhoseCheckPassedBeforeTheKickEndsAsKickedAndTheNextLoginIsLetIn() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        double noSession = events("no-session");
        // the kick comes while the directory is checking the login, and this node reads it before
        // the login registers (the event finds no session to end)
        directory.afterCheck(p -> {
            if (p.equals(user.principal())) {
                revoke(p);
                await().atMost(Duration.ofSeconds(10)).until(() -> events("no-session") == noSession + 1);
            }
        });
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).isEqualTo(ENDED);
            assertThat(c.closedByServer()).isTrue();
        } finally {
            directory.afterCheck(p -> { });
        }
        // its lock was released, and a login checked after the kick is let in
        try (Pop3Connection again = new Pop3Connection("127.0.0.1", port())) {
            assertThat(again.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");
            assertThat(again.command("QUIT")).startsWith("+OK");
        }
    }
}
