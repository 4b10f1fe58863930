package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * CONDSTORE and QRESYNC with real MODSEQ values (RFC 7162): CHANGEDSINCE, SELECT (QRESYNC ...) with
 * VANISHED (EARLIER) and changed flags, UID FETCH ... VANISHED, VANISHED instead of EXPUNGE.
 */
class QresyncTest extends ImapServerTestBase {

    private static long code(List<String> lines, String name) {
        Pattern p = Pattern.compile(".*\\[" + name + " ([0-9]+)].*");
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError(name + " not in " + lines);
    }

    private static void append(LineClient c, String tag, String subject) throws Exception {
        String message = "Subject: " + subject + "\r\n\r\n";
        // the literal ends with the message's CR LF, the command with one more
        c.send(tag + " APPEND INBOX {" + message.length() + "+}").send(message.substring(0, message.length() - 2))
                .send("").ok(tag);
    }

    @Test
    void changedSinceReturnsOnlyMessagesChangedAfterTheGivenModSeq() throws Exception {
        try (LineClient c = new LineClient(imapPort())) {
            c.login("changedsince@test.example");
            append(c, "a1", "one");
            append(c, "a2", "two");
            append(c, "a3", "three");
            long before = code(c.run("s", "SELECT INBOX"), "HIGHESTMODSEQ");
            c.run("f", "STORE 2 +FLAGS.SILENT (\\Answered)");
            assertThat(c.run("g", "FETCH 1:* (UID) (CHANGEDSINCE " + before + ")"))
                    .containsExactly("* 2 FETCH (UID 2 MODSEQ (" + (before + 1) + "))", "g OK FETCH completed");
            assertThat(c.run("h", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + (before + 1) + ")"))
                    .containsExactly("h OK UID FETCH completed");
        }
    }

    @Test
    void selectWithQresyncReportsWhatVanishedAndWhatChangedSinceTheClientsModSeq() throws Exception {
        try (LineClient c = new LineClient(imapPort()); LineClient other = new LineClient(imapPort())) {
            c.login("qresync@test.example");
            assertThat(c.run("e", "ENABLE QRESYNC")).containsExactly("* ENABLED QRESYNC", "e OK ENABLE completed");
            for (int i = 1; i <= 4; i++) {
                append(c, "a" + i, "m" + i);
            }
            List<String> selected = c.run("s", "SELECT INBOX");
            long uidValidity = code(selected, "UIDVALIDITY");
            long modSeq = code(selected, "HIGHESTMODSEQ");
            c.run("u", "UNSELECT");

            // while the client is away: message 2 expunged, message 3 flagged
            other.login("qresync@test.example").run("s", "SELECT INBOX");
            other.run("d", "STORE 2 +FLAGS.SILENT (\\Deleted)");
            other.run("x", "EXPUNGE");
            other.run("f", "UID STORE 3 +FLAGS.SILENT (\\Flagged)");

            List<String> resync = c.run("r", "SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + " 1:4))");
            assertThat(resync).contains("* 3 EXISTS", "* VANISHED (EARLIER) 2");
            assertThat(resync).anyMatch(l -> l.matches("\\* 2 FETCH \\(UID 3 FLAGS \\(\\\\Flagged\\) MODSEQ \\([0-9]+\\)\\)"));
            assertThat(resync).noneMatch(l -> l.contains("UID 1 ") || l.contains("UID 4 "));
            assertThat(resync.getLast()).isEqualTo("r OK [READ-WRITE] SELECT completed");

            // a wrong UIDVALIDITY: no resynchronisation data
            List<String> stale = c.run("t", "SELECT INBOX (QRESYNC (" + (uidValidity + 1) + " " + modSeq + "))");
            assertThat(stale).noneMatch(l -> l.startsWith("* VANISHED") || l.contains("FETCH"));

            assertThat(c.run("v", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)"))
                    .startsWith("* VANISHED (EARLIER) 2").last().isEqualTo("v OK UID FETCH completed");

            c.run("d", "UID STORE 4 +FLAGS.SILENT (\\Deleted)");
            assertThat(c.run("x", "EXPUNGE")).containsExactly("* VANISHED 4", "x OK EXPUNGE completed");
        }
    }

    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Test
    void aClientOlderThanTheExpungesTheStoreKeepsIsToldEveryAbsentUidAsVanished() throws Exception {
        try (LineClient c = new LineClient(imapPort())) {
            c.login("qresync-old@test.example");
            c.run("e", "ENABLE QRESYNC");
            for (int i = 1; i <= 6; i++) {
                append(c, "a" + i, "m" + i);
            }
            List<String> selected = c.run("s", "SELECT INBOX");
            long uidValidity = code(selected, "UIDVALIDITY");
            long modSeq = code(selected, "HIGHESTMODSEQ");
            c.run("d", "UID STORE 2,5 +FLAGS.SILENT (\\Deleted)");
            c.run("x", "EXPUNGE");
            c.run("u", "UNSELECT");

            // the expunges are older than the store keeps: back-dated here, then forgotten (two runs)
            mongo.getCollection("messages").updateMany(new org.bson.Document("userId", "u-qresync-old@test.example")
                    .append("expunged", true), new org.bson.Document("$set", new org.bson.Document("expungedAt",
                    java.util.Date.from(java.time.Instant.now().minus(java.time.Duration.ofDays(60))))));
            var maintenance = new org.mailplatform.store.mongo.StoreMaintenance(mongo);
            java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofDays(30));
            maintenance.purgeExpunged(cutoff);
            maintenance.purgeExpunged(cutoff);
            assertThat(mongo.getCollection("messages").countDocuments(new org.bson.Document("userId",
                    "u-qresync-old@test.example").append("expunged", true))).as("the expunges are forgotten").isZero();

            List<String> resync = c.run("r", "SELECT INBOX (QRESYNC (" + uidValidity + " " + modSeq + "))");
            assertThat(resync).contains("* 4 EXISTS", "* VANISHED (EARLIER) 2,5");
            assertThat(c.run("v", "UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)"))
                    .startsWith("* VANISHED (EARLIER) 2,5").last().isEqualTo("v OK UID FETCH completed");
            assertThat(resync.getLast()).isEqualTo("r OK [READ-WRITE] SELECT completed");
        }
    }

    @Test
    void qresyncParameterWithoutEnableIsBad() throws Exception {
        try (LineClient c = new LineClient(imapPort())) {
            c.login("qresync-bad@test.example");
            assertThat(c.run("s", "SELECT INBOX (QRESYNC (1 1))").getLast()).startsWith("s BAD");
        }
    }
}
