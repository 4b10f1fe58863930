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
               boolean expunged, byte[] prefix, String contentKey) {

    /**
     * The fields a metadata read fetches: no summary, no search text, no owner (the query has it). The
     * prefix of a message appended by reference is a few header lines, needed to serve its bytes.
     */
    static final String[] FIELDS = {"_id", "uid", "modSeq", "flags", "internalDate", "size", "blobKey", "expunged",
        "prefix", "contentKey"};

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
                Boolean.TRUE.equals(d.getBoolean("expunged")),
                d.get("prefix") instanceof org.bson.types.Binary b ? b.getData() : null, d.getString("contentKey"));
    }

    /** The key of what is derived from the message's bytes (its summary): see {@link MessageMeta#contentKey}. */
    String summaryKey() {
        return contentKey != null ? contentKey : blobKey;
    }

    /** Heap beyond a row without a prefix, for the weighers of caches that hold rows. */
    int extraBytes() {
        return prefix == null ? 0 : 16 + prefix.length + (contentKey == null ? 0 : 40 + 2 * contentKey.length());
    }

    MessageMeta toMeta(String mailboxId, MessageSummary summary) {
        return new MessageMeta(mailboxId, uid, modSeq, new LinkedHashSet<>(flags), internalDate, size, blobKey, summary,
                prefix, contentKey);
    }

    private static long number(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
