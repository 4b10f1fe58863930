package org.mailplatform.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;

/**
 * The read-ahead limits (window, largest message, the session's share and the node's budget), its
 * batches asked of the store's caches, and the bound on its object-store reads.
 */
class ReadAheadTest {

    private final Set<Integer> opened = ConcurrentHashMap.newKeySet();
    private final Map<Long, byte[]> cache = new ConcurrentHashMap<>();
    private final List<List<Long>> cacheQueries = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch openGate = new CountDownLatch(0);
    private final AtomicInteger opening = new AtomicInteger();
    private final AtomicInteger mostOpening = new AtomicInteger();

    /** The store's caches hold what {@link #cache} holds; every other message is an object-store read. */
    private final ReadAhead.Source maildrops = new ReadAhead.Source() {
        @Override
        public Map<Long, byte[]> cached(List<MaildropMessage> messages) {
            cacheQueries.add(messages.stream().map(MaildropMessage::uid).toList());
            Map<Long, byte[]> found = new HashMap<>();
            messages.forEach(m -> {
                if (cache.containsKey(m.uid())) {
                    found.put(m.uid(), cache.get(m.uid()));
                }
            });
            return found;
        }

        @Override
        public InputStream content(MaildropMessage message) {
            mostOpening.accumulateAndGet(opening.incrementAndGet(), Math::max);
            try {
                openGate.await();
                return message.content().open();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                opening.decrementAndGet();
            }
        }
    };

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
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(3, 100, 1000, 1000, 16));
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
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(10, 100, 250, 10_000, 16));
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
        ReadAheadLimits limits = new ReadAheadLimits(4, 100, 1000, 250, 16);
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

    @Test
    void asksTheCachesForABatchAndReadsOnlyWhatTheyLack() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(16, 100, 1000, 1000, 16));
        Maildrop drop = maildrop(10, 10, 10, 10, 10);
        cache.put(2L, "cached 2..".getBytes());
        cache.put(4L, "cached 4..".getBytes());

        readAhead.after(drop, 1);

        assertThat(new String(readAhead.take(2).join())).isEqualTo("cached 2..");
        assertThat(readAhead.take(3).join()).hasSize(10);
        assertThat(new String(readAhead.take(4).join())).isEqualTo("cached 4..");
        assertThat(readAhead.take(5).join()).hasSize(10);
        assertThat(cacheQueries).containsExactly(List.of(2L, 3L, 4L, 5L));
        assertThat(opened).as("only the messages no cache holds").containsExactlyInAnyOrder(3, 5);
    }

    @Test
    void aCachedCopyOfAnotherSizeIsNotTrusted() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(1, 100, 1000, 1000, 16));
        cache.put(2L, "short".getBytes());

        readAhead.after(maildrop(10, 10), 1);

        assertThat(readAhead.take(2).join()).hasSize(10);
        assertThat(opened).containsExactly(2);
    }

    @Test
    void readsInBatchesOfAQuarterOfTheWindowAndRefillsOnceAQuarterIsFree() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(8, 100, 1000, 1000, 16));
        Maildrop drop = maildrop(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);

        readAhead.after(drop, 1); // 2..9, in four batches of two
        await().until(() -> cacheQueries.size() == 4);
        assertThat(cacheQueries).containsExactlyInAnyOrder(List.of(2L, 3L), List.of(4L, 5L), List.of(6L, 7L),
                List.of(8L, 9L));
        readAhead.take(2).join();
        readAhead.after(drop, 2); // one free place in the window: less than a batch
        readAhead.take(3).join();
        readAhead.after(drop, 3); // two free: 10 and 11

        await().until(() -> cacheQueries.size() == 5);
        assertThat(cacheQueries.getLast()).isEqualTo(List.of(10L, 11L));
    }

    @Test
    void theFirstBatchIsSmallSoTheNextRetrDoesNotWaitForAWholeBatch() {
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(40, 100, 1000, 1000, 16));
        int[] sizes = new int[60];
        java.util.Arrays.fill(sizes, 10);
        Maildrop drop = maildrop(sizes);

        readAhead.after(drop, 1); // 2..41: 2..5 first, then batches of ten, the rest last
        await().until(() -> cacheQueries.size() == 5);
        assertThat(cacheQueries).anySatisfy(q -> assertThat(q).containsExactly(2L, 3L, 4L, 5L));
        assertThat(cacheQueries).extracting(List::size).containsExactlyInAnyOrder(4, 10, 10, 10, 6);
        readAhead.take(2).join();

        readAhead.after(drop, 2); // 39 still ahead: one free place, no batch at all
        assertThat(cacheQueries).hasSize(5);
    }

    @Test
    void readsAtMostTheParallelLimitFromTheObjectStoreAtOnce() {
        openGate = new CountDownLatch(1);
        ReadAhead readAhead = new ReadAhead(maildrops, new ReadAheadLimits(8, 100, 1000, 1000, 2));
        Maildrop drop = maildrop(10, 10, 10, 10, 10, 10, 10, 10, 10);

        readAhead.after(drop, 1);
        await("two reads waiting on the object store").until(() -> opening.get() == 2);
        openGate.countDown();

        for (int n = 2; n <= 9; n++) {
            assertThat(readAhead.take(n).join()).hasSize(10);
        }
        assertThat(opened).hasSize(8);
        assertThat(mostOpening.get()).isEqualTo(2);
    }

    /**
     * A retrieval's result can reach the event loop after the connection closed (the message was
     * written, then the client went away): the session's end has cleared the read-ahead, and an
     * {@code after} then must not reserve what no one would ever give back.
     */
    @Test
    void nothingIsReadAheadOnceTheSessionEnded() {
        ReadAheadLimits limits = new ReadAheadLimits(8, 100, 1000, 1000, 16);
        ReadAhead readAhead = new ReadAhead(maildrops, limits);
        Maildrop drop = maildrop(10, 10, 10, 10, 10);

        readAhead.clear();
        readAhead.after(drop, 1);

        assertThat(limits.reservedBytes()).as("the node's budget").isZero();
        assertThat(readAhead.take(2)).isNull();
        assertThat(cacheQueries).isEmpty();
        assertThat(opened).isEmpty();
    }

    @Test
    void theQueuedObjectStoreReadsOfAnEndedSessionAreDroppedAndTheBudgetGivenBack() {
        openGate = new CountDownLatch(1);
        ReadAheadLimits limits = new ReadAheadLimits(8, 100, 1000, 1000, 1);
        ReadAhead readAhead = new ReadAhead(maildrops, limits);
        Maildrop drop = maildrop(10, 10, 10, 10, 10, 10, 10, 10, 10);

        readAhead.after(drop, 1);
        await("the session's one reader waits on the object store").until(() -> opening.get() == 1);
        await("every batch asked the caches").until(() -> cacheQueries.size() == 4);
        readAhead.clear();
        openGate.countDown();

        await("all given back").until(() -> limits.reservedBytes() == 0);
        assertThat(opened).as("only the read under way when the session ended").hasSize(1);
    }
}
