package org.mailplatform.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailplatform.imap.message.MatchingMessages.Row;
import org.mailplatform.mime.MessageParser;
import org.mailplatform.store.MessageMeta;

/**
 * The two THREAD algorithms of RFC 5256 over messages parsed by the platform's MIME parser, answers
 * in the RFC's thread-list syntax with sequence numbers.
 */
class ThreadingTest {

    private final List<Row> rows = new ArrayList<>();

    @Test
    void aReferencesChainIsOneThreadAndSiblingsNestByDate() {
        message("<a@x>", null, null, "hello", 1);
        message("<b@x>", "<a@x>", null, "Re: hello", 2);
        message("<c@x>", "<a@x> <b@x>", null, "Re: hello", 3);
        message("<d@x>", "<a@x>", null, "Re: hello", 4);

        assertThat(references()).isEqualTo("(1 (2 3)(4))");
    }

    @Test
    void inReplyToIsUsedOnlyWithoutReferences() {
        message("<a@x>", null, null, "one", 1);
        message("<b@x>", null, "<a@x> <other@x>", "two", 2);
        message("<c@x>", "<b@x>", "<a@x>", "three", 3);

        assertThat(references()).isEqualTo("(1 2 3)");
    }

    @Test
    void repliesToAMissingMessageStayTogetherUnderADummyAtTheTop() {
        message("<b@x>", "<gone@x>", null, "Re: lost", 1);
        message("<c@x>", "<gone@x>", null, "Re: lost", 2);
        message("<d@x>", "<other-gone@x>", null, "alone", 3);

        // two children of a missing parent keep their dummy; a single one is promoted
        assertThat(references()).isEqualTo("((1)(2))(3)");
    }

    @Test
    void aDummyInsideAThreadGivesItsChildrenToItsParent() {
        message("<a@x>", null, null, "top", 1);
        message("<c@x>", "<a@x> <missing@x>", null, "Re: top", 2);
        message("<d@x>", "<a@x> <missing@x>", null, "Re: top", 3);

        assertThat(references()).isEqualTo("(1 (2)(3))");
    }

    @Test
    void referencesThatWouldMakeALoopAreNotFollowed() {
        message("<a@x>", "<b@x>", null, "ping", 1);
        message("<b@x>", "<a@x>", null, "pong", 2);
        message("<s@x>", "<s@x>", null, "self", 3);

        assertThat(references()).isEqualTo("(2 1)(3)");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aReferencesListInTheWrongOrderDoesNotMakeALoop() {
        message("<a@x>", null, null, "q", 1);
        message("<b@x>", "<a@x>", null, "Re: q", 2);
        message("<c@x>", "<b@x> <a@x>", null, "Re: q", 3);

        assertThat(references()).isEqualTo("(1 (2)(3))");
    }

    @Test
    void aDuplicateMessageIdAndAMissingOneStandAlone() {
        message("<a@x>", null, null, "first", 1);
        message("<a@x>", null, null, "second", 2);
        message(null, null, null, "third", 3);
        message("<b@x>", "<a@x>", null, "Re: first", 4);

        assertThat(references()).isEqualTo("(1 4)(2)(3)");
    }

    @Test
    void aMessagesOwnReferencesReplaceALinkGuessedFromAnotherMessage() {
        // d claims a > b > c; c itself says its parent is a: the link b > c is replaced
        message("<d@x>", "<a@x> <b@x> <c@x>", null, "Re: x", 1);
        message("<c@x>", "<a@x>", null, "Re: x", 2);

        // a and b are missing: a is a dummy with children c (which has child d) and b-dummy...
        // b has no message and no children left, so it goes; a's only child c is promoted
        assertThat(references()).isEqualTo("(2 1)");
    }

    @Test
    void topLevelThreadsWithTheSameBaseSubjectAreMerged() {
        message("<a@x>", null, null, "Lunch", 1);
        message("<b@x>", null, null, "Re: lunch", 2);
        message("<c@x>", null, null, "Meeting", 3);
        message("<d@x>", null, null, "meeting", 4);
        message("<e@x>", null, null, "", 5);
        message("<f@x>", null, null, "", 6);

        // a reply goes under the original; two originals become siblings under a dummy; empty
        // subjects are never merged
        assertThat(references()).isEqualTo("(1 2)((3)(4))(5)(6)");
    }

    @Test
    void theOriginalIsPreferredOverAReplyWhenTheReplyComesFirst() {
        message("<b@x>", null, null, "Re: plan", 1);
        message("<a@x>", null, null, "plan", 2);

        assertThat(references()).isEqualTo("(2 1)");
    }

    @Test
    void siblingsAndThreadsAreOrderedBySentDateThenSequence() {
        message("<a@x>", null, null, "t", 5);
        message("<b@x>", "<a@x>", null, "Re: t", 9);
        message("<c@x>", "<a@x>", null, "Re: t", 7);
        message("<d@x>", null, null, "early", 1);
        message("<e@x>", "<a@x>", null, "Re: t", 7);

        assertThat(references()).isEqualTo("(4)(1 (3)(5)(2))");
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectUnderTheOldest() {
        message("<a@x>", null, null, "Re: report", 3);
        message("<b@x>", null, null, "report", 2);
        message("<c@x>", null, null, "other", 1);
        message("<d@x>", null, null, "Fwd: Report", 4);
        message("<e@x>", null, null, "single", 5);
        message("<f@x>", null, null, "Re: single", 6);

        assertThat(render(OrderedSubjectThreads.of(rows))).isEqualTo("(3)(2 (1)(4))(5 6)");
    }

    @Test
    void theRfcExampleShapeRenders() {
        MessageThread t = node(3, node(6, node(4, node(23)), node(44, node(7, node(96)))));
        assertThat(t.render(r -> r.seq())).isEqualTo("(3 6 (4 23)(44 7 96))");
        assertThat(new MessageThread(null, List.of(node(1), node(2, node(5)))).render(r -> r.seq()))
                .isEqualTo("((1)(2 5))");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLongChainAndManyThreadsOfOneSubjectAreThreadedInTime() {
        int depth = 2000;
        message("<m0@x>", null, null, "chain", 1);
        StringBuilder refs = new StringBuilder("<m0@x>");
        for (int i = 1; i < depth; i++) {
            // each message refers to its parent only, as a References header cut short would
            message("<m" + i + "@x>", "<m" + (i - 1) + "@x>", null, "Re: chain", 2);
        }
        for (int i = 0; i < 5_000; i++) {
            message("<s" + i + "@x>", null, null, "same", 3);
        }

        String threads = references();
        assertThat(threads).startsWith("(1 2 3 4 ").contains(" " + depth + ")((");
        assertThat(threads.chars().filter(ch -> ch == '(').count()).as("one chain, one dummy over 5,000 siblings")
                .isEqualTo(1 + 1 + 5_000);
    }

    @Test
    void nothingToThreadIsNoThread() {
        assertThat(ReferenceThreads.of(List.of())).isEmpty();
        assertThat(OrderedSubjectThreads.of(List.of())).isEmpty();
    }

    private static MessageThread node(int seq, MessageThread... children) {
        return new MessageThread(new Row(seq, seq, null), List.of(children));
    }

    private String references() {
        return render(ReferenceThreads.of(rows));
    }

    private static String render(List<MessageThread> threads) {
        StringBuilder out = new StringBuilder();
        threads.forEach(t -> out.append(t.render(Row::seq)));
        return out.toString();
    }

    /** A message whose Date is {@code day} days into 2024; sequence number = its position. */
    private void message(String messageId, String references, String inReplyTo, String subject, int day) {
        StringBuilder text = new StringBuilder();
        if (messageId != null) {
            text.append("Message-ID: ").append(messageId).append("\r\n");
        }
        if (references != null) {
            text.append("References: ").append(references).append("\r\n");
        }
        if (inReplyTo != null) {
            text.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
        }
        text.append("Subject: ").append(subject).append("\r\n");
        text.append("Date: ").append(String.format("%02d", day)).append(" Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n");
        int seq = rows.size() + 1;
        MessageMeta meta = new MessageMeta("m", seq, 1, Set.of(), Instant.parse("2025-01-01T00:00:00Z"), text.length(),
                "k" + seq, new MessageParser().parse(text.toString().getBytes(StandardCharsets.UTF_8)), null, null);
        rows.add(new Row(seq, seq, meta));
    }
}
