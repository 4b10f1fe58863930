package org.mailplatform.store.mongo;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.store.MessageMeta;

/**
 * The small, changing part of a message document ({@link #FIELDS}), read as a raw document and
 * decoded here rather than by the object mapper: metadata reads return hundreds of these per query,
 * and mapping full {@link MessageDocument}s cost more than the query itself.
 */
record MetaRow(String id, long uid, long modSeq, List<String> flags, Instant internalDate, long size, String blobKey,
               boolean expunged) {

    /** The fields a metadata read fetches: no summary, no search text, no owner (the query has it). */
    static final String[] FIELDS = {"_id", "uid", "modSeq", "flags", "internalDate", "size", "blobKey", "expunged"};

    /** Ascending UID: the order every metadata read returns, sorted here and not by the server. */
    static final Comparator<MetaRow> BY_UID = Comparator.comparingLong(MetaRow::uid);

    MetaRow {
        // rows are shared between sessions by the node-local copies of mailboxes (MailboxViews)
        flags = List.copyOf(flags);
    }

    static MetaRow of(Document d) {
        Object id = d.get("_id");
        Date internal = d.getDate("internalDate");
        return new MetaRow(id instanceof ObjectId o ? o.toHexString() : String.valueOf(id), number(d, "uid"),
                number(d, "modSeq"), d.getList("flags", String.class, List.of()),
                internal == null ? null : internal.toInstant(), number(d, "size"), d.getString("blobKey"),
                Boolean.TRUE.equals(d.getBoolean("expunged")));
    }

    MessageMeta toMeta(String mailboxId, MessageSummary summary) {
        return new MessageMeta(mailboxId, uid, modSeq, new LinkedHashSet<>(flags), internalDate, size, blobKey, summary);
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
