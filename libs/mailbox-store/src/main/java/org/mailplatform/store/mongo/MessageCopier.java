package org.mailplatform.store.mongo;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.CopyResult;
import org.mailplatform.store.MessageRange;

/**
 * Copies and moves messages between two mailboxes of one user: picks the source documents, has
 * {@link MessageAppender#copy} store them in the target and publishes what arrived.
 */
final class MessageCopier {

    private final MailboxCatalog catalog;
    private final MessageQueries queries;
    private final MessageAppender appender;
    private final MessageExpunger expunger;
    private final MailboxEvents events;

    MessageCopier(MailboxCatalog catalog, MessageQueries queries, MessageAppender appender, MessageExpunger expunger,
                  MailboxEvents events) {
        this.catalog = catalog;
        this.queries = queries;
        this.appender = appender;
        this.expunger = expunger;
        this.events = events;
    }

    CopyResult copy(Principal p, String from, MessageRange range, String to, boolean checkQuota) {
        MailboxDocument source = catalog.require(p, from);
        MailboxDocument target = catalog.require(p, to);
        List<MessageDocument> docs = queries.find(source, queries.range(source, range));
        List<Long> newUids = appender.copy(p, docs, target, checkQuota);
        List<Long> sourceUids = new ArrayList<>();
        List<Long> targetUids = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (newUids.get(i) > 0) {
                sourceUids.add(docs.get(i).uid());
                targetUids.add(newUids.get(i));
            }
        }
        if (!targetUids.isEmpty()) {
            MailboxDocument after = catalog.reload(target);
            events.publish(after, MailboxChange.Kind.MESSAGES_ADDED, targetUids, after.highestModSeq());
        }
        return new CopyResult(target.uidValidity(), sourceUids, targetUids);
    }

    CopyResult move(Principal p, String from, MessageRange range, String to) {
        // not checked against the quota: the originals are given back right after
        CopyResult copied = copy(p, from, range, to, false);
        MailboxDocument source = catalog.require(p, from);
        expunger.expungeUids(p, source, copied.sourceUids());
        return copied;
    }
}
