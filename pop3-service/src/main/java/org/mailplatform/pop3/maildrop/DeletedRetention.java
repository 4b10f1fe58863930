package org.mailplatform.pop3.maildrop;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Operator policy "keep POP3-deleted messages in Trash for N days": remembers each moved message
 * (collection {@value #COLLECTION}) and {@link #sweep() sweeps} those whose time is up out of Trash.
 * Any node may sweep; removing a message twice removes nothing the second time. A message the user
 * moved out of Trash (restored) in the meantime is no longer at that UID in Trash and is kept.
 */
public final class DeletedRetention {

    static final String COLLECTION = "pop3_retention";
    private static final Logger log = LoggerFactory.getLogger(DeletedRetention.class);

    private final MongoTemplate mongo;
    private final MailboxStore store;
    private final Duration period;
    private final Clock clock;

    public DeletedRetention(MongoTemplate mongo, MailboxStore store, Duration period, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.period = period;
        this.clock = clock;
    }

    /** One batch of messages moved to Trash by one POP3 session. */
    @Document(COLLECTION)
    record Retained(@Id String id, String tenantId, String userId, String address, String mailbox, List<Long> uids,
                    Instant expiresAt) {
    }

    public Duration period() {
        return period;
    }

    void remember(Principal principal, String mailbox, List<Long> uids) {
        if (uids.isEmpty()) {
            return;
        }
        mongo.insert(new Retained(null, principal.tenantId(), principal.userId(), principal.address(), mailbox,
                List.copyOf(uids), clock.instant().plus(period)));
    }

    /** Expunges from Trash every retained message whose period is over; returns how many went. */
    public int sweep() {
        int removed = 0;
        for (Retained r : mongo.find(query(where("expiresAt").lte(clock.instant())).limit(500), Retained.class)) {
            Principal p = new Principal(r.tenantId(), r.userId(), r.address());
            try {
                removed += store.remove(p, r.mailbox(),
                        MessageRange.uids(UidSet.of(r.uids().stream().mapToLong(Long::longValue).toArray()))).size();
            } catch (MailboxException.NotFound gone) {
                log.info("retention: mailbox {} of {} is gone; nothing to sweep", r.mailbox(), p.userId());
            }
            mongo.remove(query(where("_id").is(r.id())), Retained.class);
        }
        return removed;
    }
}
