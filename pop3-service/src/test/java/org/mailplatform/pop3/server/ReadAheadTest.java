package org.mailplatform.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.mailplatform.pop3.maildrop.MaildropStore;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;

/** The read-ahead limits: window, largest message, the session's share and the node's budget. */
class ReadAheadTest {

    private final Set<Integer> opened = ConcurrentHashMap.newKeySet();
    private final MaildropStore maildrops = new MaildropStore(null, null);

    private Maildrop maildrop(int... sizes) {
        List<MaildropMessage> messages = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int number = i + 1;
            byte[] bytes = new byte[sizes[i]];
            MessageMeta meta = new MessageMeta("mailbox", number, 1, Set.of(), Instant.EPOCH, bytes.length, "blob-" + number, null);
            messages.add(new MaildropMessage(number, "1." + number, new MessageContent(meta, () -> {
                opened.add(number);
                return new ByteArrayInputStream(bytes);
            })));
        }
        return new Maildrop(1, messages);
    }

    @Test
    void readsTheFollowingMessagesWithinTheWindow() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(3, 100, 1000, 1000));
        Maildrop drop = maildrop(10, 10, 10, 10, 10, 10);

        readAhead.after(drop, 1);

        assertThat(readAhead.take(2).join()).hasSize(10);
        assertThat(readAhead.take(3).join()).hasSize(10);
        assertThat(readAhead.take(4).join()).hasSize(10);
        assertThat(readAhead.take(5)).as("outside the window").isNull();
        assertThat(opened).containsExactlyInAnyOrder(2, 3, 4);
    }

    @Test
    void skipsLargeAndDeletedMessagesAndStopsAtTheSessionShare() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(10, 100, 250, 10_000));
        Maildrop drop = maildrop(10, 500, 100, 100, 100, 100);
        drop.markDeleted(4);

        readAhead.after(drop, 1);

        assertThat(readAhead.take(2)).as("larger than the largest message read ahead").isNull();
        assertThat(readAhead.take(3)).isNotNull();
        assertThat(readAhead.take(4)).as("deleted").isNull();
        assertThat(readAhead.take(5)).isNotNull();
        assertThat(readAhead.take(6)).as("beyond the session's 250 bytes").isNull();
    }

    @Test
    void sessionsShareTheNodeBudgetAndGiveItBack() {
        ReadAheadLimits limits = new ReadAheadLimits(4, 100, 1000, 250);
        ReadAhead first = new ReadAhead(maildrops, limits);
        ReadAhead second = new ReadAhead(maildrops, limits);
        Maildrop drop = maildrop(100, 100, 100, 100, 100);

        first.after(drop, 1);
        second.after(drop, 1);

        assertThat(limits.reservedBytes()).isEqualTo(200);
        assertThat(first.take(4)).as("the node's budget was spent").isNull();
        CompletableFuture<byte[]> taken = second.take(2);
        assertThat(taken).as("the second session got nothing").isNull();
        first.take(2).join();
        await("a taken message leaves the budget once read").until(() -> limits.reservedBytes() == 100);
        first.clear();
        assertThat(first.take(3)).as("cleared").isNull();
        await("the session's end gives back what it read ahead").until(() -> limits.reservedBytes() == 0);
    }

    @Test
    void zeroWindowDisablesReadAhead() {
        ReadAhead readAhead = new ReadAhead(maildrops, ReadAheadLimits.disabled());
        readAhead.after(maildrop(10, 10), 0);
        assertThat(readAhead.take(1)).isNull();
        assertThat(opened).isEmpty();
    }
}
