package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Makes appended messages visible strictly in UID order, without transactions.
 *
 * <p>An appender allocates UIDs {@code [first, end)} with one {@code $inc}, inserts its message
 * documents, then moves the mailbox's {@code visibleUidNext} watermark from {@code first} to
 * {@code end} with a compare-and-set. Readers only show UIDs below the watermark. If an earlier
 * appender has not finished, the later one waits; if the earlier one never finishes (crashed node),
 * after {@code timeout} the waiter inserts a tombstone for the missing UID (the unique
 * {@code (mailboxId, uid)} index then rejects a late insert, whose appender retries with a new UID)
 * or, if the document is there, counts it, and moves the watermark past it.
 */
final class VisibilityGate {

    private final MongoTemplate mongo;
    private final Duration timeout;

    VisibilityGate(MongoTemplate mongo, Duration timeout) {
        this.mongo = mongo;
        this.timeout = timeout;
    }

    /**
     * Publishes UIDs {@code [first, first + sizes.length)}; {@code sizes[i] < 0} marks a UID that
     * holds no message (a tombstone).
     */
    void publish(MailboxDocument mailbox, long first, long[] sizes) {
        long end = first + sizes.length;
        long ownBytes = 0;
        long ownCount = 0;
        for (long size : sizes) {
            if (size >= 0) {
                ownCount++;
                ownBytes += size;
            }
        }
        // the common case: every earlier append is visible already
        if (advance(mailbox.id(), first, end, ownCount, ownBytes)) {
            return;
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            MailboxDocument m = mongo.findById(mailbox.id(), MailboxDocument.class);
            if (m == null) {
                return;
            }
            long w = m.visibleUidNext();
            if (w >= end) {
                return;
            }
            if (w >= first) {
                long count = 0;
                long bytes = 0;
                for (long uid = w; uid < end; uid++) {
                    long size = sizes[(int) (uid - first)];
                    if (size >= 0) {
                        count++;
                        bytes += size;
                    }
                }
                if (advance(m.id(), w, end, count, bytes)) {
                    return;
                }
                continue;
            }
            if (Instant.now().isAfter(deadline)) {
                skip(m, w);
                continue;
            }
            sleepQuietly(1);
        }
    }

    private boolean advance(String mailboxId, long from, long to, long count, long bytes) {
        Query q = query(where("_id").is(mailboxId).and("visibleUidNext").is(from));
        Update u = new Update().set("visibleUidNext", to).inc("messages", count).inc("size", bytes);
        return mongo.updateFirst(q, u, MailboxDocument.class).getModifiedCount() == 1;
    }

    private void skip(MailboxDocument m, long uid) {
        try {
            mongo.insert(MessageDocument.tombstone(m, uid));
            advance(m.id(), uid, uid + 1, 0, 0);
        } catch (DuplicateKeyException exists) {
            MessageDocument doc = mongo.findOne(query(where("mailboxId").is(m.id()).and("uid").is(uid)),
                    MessageDocument.class);
            boolean real = doc != null && !doc.expunged();
            advance(m.id(), uid, uid + 1, real ? 1 : 0, real ? doc.size() : 0);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for earlier appends", e);
        }
    }
}
