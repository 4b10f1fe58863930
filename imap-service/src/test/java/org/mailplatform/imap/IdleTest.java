package org.mailplatform.imap;

import org.junit.jupiter.api.Test;

/**
 * IDLE (RFC 2177): a client idling on INBOX hears of a message appended, flagged and expunged by
 * another connection, with sequence numbers that match what it was told.
 */
class IdleTest extends ImapServerTestBase {

    @Test
    void idleReportsWhatAnotherConnectionChanges() throws Exception {
        awaitChangeFeed();
        try (LineClient idler = new LineClient(imapPort()); LineClient other = new LineClient(imapPort())) {
            idler.login("idle@test.example").send("s SELECT INBOX").ok("s");
            idler.send("i IDLE").expect("+ idling");

            other.login("idle@test.example");
            other.send("a APPEND INBOX {20+}").send("Subject: idle\r\n\r\nhi\r\n").ok("a");
            idler.expect("* 1 EXISTS");

            other.send("s SELECT INBOX").ok("s");
            other.send("f STORE 1 +FLAGS.SILENT (\\Flagged)").ok("f");
            idler.expect("* 1 FETCH (UID 1 FLAGS (\\Flagged))");

            other.send("d STORE 1 +FLAGS.SILENT (\\Deleted)").ok("d").send("e EXPUNGE").ok("e");
            idler.expectAfterFetches("* 1 EXPUNGE");

            idler.send("DONE").expect("i OK IDLE terminated");
            idler.send("n NOOP").expect("n OK NOOP completed");
        }
    }

    @Test
    void somethingOtherThanDoneEndsIdleWithBad() throws Exception {
        try (LineClient c = new LineClient(imapPort())) {
            c.login("idle-bad@test.example").send("i IDLE").expect("+ idling");
            c.send("NOOP").expect("i BAD expected DONE");
        }
    }
}
