package org.mailplatform.pop3.maildrop;

import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;

/**
 * One message of a maildrop snapshot.
 *
 * @param number   its message number in this session, from 1
 * @param uniqueId its UIDL value (RFC 1939 section 7): {@code <UIDVALIDITY>.<UID>}, stable across
 *                 sessions and nodes and never reused, because UIDs are never reused within one
 *                 UIDVALIDITY
 * @param content  the store's metadata (size, blob) and the opener of its bytes, from the snapshot's
 *                 principal-scoped fetch
 */
public record MaildropMessage(int number, String uniqueId, MessageContent content) {

    public MessageMeta meta() {
        return content.meta();
    }

    public long size() {
        return meta().size();
    }

    public long uid() {
        return meta().uid();
    }
}
