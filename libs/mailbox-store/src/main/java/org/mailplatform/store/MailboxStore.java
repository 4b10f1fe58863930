package org.mailplatform.store;

import java.util.List;
import java.util.Optional;

import org.mailplatform.model.Principal;

/**
 * The one code path to mailbox data (ARCHITECTURE.md, "The mailbox data model"). Delivery, IMAP,
 * POP3 and the REST API all read and change mailboxes through this interface.
 *
 * <p>Every method takes the authenticated {@link Principal}: a mailbox name is always resolved inside
 * that user's own namespace, so no name can reach another user's data. Names use {@code /} as the
 * hierarchy delimiter and are UTF-8 (the IMAP layer converts modified UTF-7); {@code INBOX} is
 * case-insensitive.
 *
 * <p>Guarantees, all kept with single-document atomic updates (no transactions):
 * <ul>
 *   <li>UIDs are strictly ascending in the order messages become visible: a reader that has seen
 *       UID n never later sees a new message with a smaller UID, even with appenders on many nodes.</li>
 *   <li>Flag changes are per-document atomic set operations: concurrent changes are never lost.</li>
 *   <li>An append with an idempotency key already stored for this user stores nothing new.</li>
 *   <li>Quota is reserved atomically before a message is stored: concurrent appends cannot exceed it.</li>
 *   <li>Every change is published as a {@link org.mailplatform.model.MailboxChange} event.</li>
 * </ul>
 *
 * <p>Failures are {@link MailboxException}s; {@link StoreUnavailableException} means try again later.
 */
public interface MailboxStore {

    // ---- mailboxes ----

    /** Creates the special-use mailboxes (INBOX, Sent, Drafts, Trash, Junk, Archive) that are missing. */
    List<MailboxInfo> ensureDefaultMailboxes(Principal principal);

    /** Creates a mailbox; parents need not exist. */
    default MailboxInfo create(Principal principal, String name) {
        return create(principal, name, null);
    }

    /**
     * Creates a mailbox with a special use (RFC 6154 CREATE-SPECIAL-USE), or none when
     * {@code specialUse} is null. A special use belongs to at most one of a user's mailboxes:
     * one already in use is {@link MailboxException.SpecialUseTaken}. INBOX is not a use one creates.
     */
    MailboxInfo create(Principal principal, String name, SpecialUse specialUse);

    /**
     * Renames a mailbox and all its children, keeping their UIDs and UIDVALIDITY. Renaming INBOX
     * (RFC 9051 section 6.3.6) moves its messages to a new mailbox of that name instead; INBOX and
     * its children stay.
     */
    void rename(Principal principal, String from, String to);

    /** Deletes a mailbox and its messages (not its children). INBOX cannot be deleted. */
    void delete(Principal principal, String name);

    /** The mailbox, if it exists. */
    Optional<MailboxInfo> find(Principal principal, String name);

    /**
     * The mailboxes whose name matches {@code reference + pattern} (IMAP LIST, RFC 9051 section
     * 6.3.9: {@code *} matches anything, {@code %} anything but the delimiter), sorted by name.
     */
    List<MailboxInfo> list(Principal principal, String reference, String pattern, boolean subscribedOnly);

    void subscribe(Principal principal, String name, boolean subscribed);

    /** Counters of a mailbox, including the number of unseen messages. */
    MailboxStatus status(Principal principal, String name);

    /** The status, visible UIDs and first unseen message of a mailbox, read together (SELECT). */
    MailboxSnapshot open(Principal principal, String name);

    // ---- messages ----

    /**
     * Stores a message: parses it once (libs/mime), writes the blob, allocates a UID and makes it
     * visible in UID order.
     *
     * @throws OverQuotaException if the user's quota does not allow it
     * @throws MessageTooLargeException above the configured message size limit
     */
    AppendResult append(Principal principal, String mailbox, AppendRequest request);

    /**
     * Stores several messages in one mailbox in their order (local delivery of one user's mail):
     * each with its own idempotency key and its own quota check, as {@link #append} would, but
     * written together (one quota update, one UID allocation, one insert, one visibility move and
     * one change event per batch rather than per message).
     *
     * <p>A message refused alone ({@link AppendOutcome#isRefusal()}: over quota, too large) does not
     * stop the ones after it. Any other failure (a backend down, unreadable content) ends the call
     * there, so a later message is never stored before an earlier one that failed: the outcomes then
     * stop with that failure, and nothing of the requests after it was stored.
     *
     * @return one outcome per request, in order, up to and including a failure that ended the call
     * @throws MailboxException.NotFound if the mailbox does not exist (nothing is stored)
     */
    default List<AppendOutcome> appendAll(Principal principal, String mailbox, List<AppendRequest> requests) {
        List<AppendOutcome> outcomes = new java.util.ArrayList<>();
        for (AppendRequest request : requests) {
            try {
                outcomes.add(AppendOutcome.stored(append(principal, mailbox, request)));
            } catch (RuntimeException e) {
                outcomes.add(AppendOutcome.failed(e));
                if (!outcomes.getLast().isRefusal()) {
                    break;
                }
            }
        }
        return outcomes;
    }

    /** The visible UIDs of a mailbox, ascending (message sequence number n is element n-1). */
    List<Long> uids(Principal principal, String mailbox);

    /** Metadata (flags, sizes, summary, blob key) of the addressed messages, ascending by UID. */
    List<MessageMeta> fetch(Principal principal, String mailbox, MessageRange range);

    /** Opens a message's raw bytes (the whole message, or {@code length} bytes at {@code offset}). */
    java.io.InputStream openContent(Principal principal, MessageMeta message, long offset, long length);

    /**
     * Like {@link #fetch}, each message with an opener for its whole raw bytes that needs no further
     * ownership check (the fetch itself was scoped to the principal). For readers of many messages of
     * a snapshot, such as POP3; the bytes of a message expunged after the fetch may still be readable
     * until its blob is deleted. The metadata may come without its summary (null): a reader of the
     * bytes has no use for it.
     */
    default List<MessageContent> fetchContents(Principal principal, String mailbox, MessageRange range) {
        return fetch(principal, mailbox, range).stream()
                .map(m -> new MessageContent(m, () -> openContent(principal, m, 0, m.size()))).toList();
    }

    /**
     * The whole raw bytes of those of the addressed messages of the principal's mailbox that the store
     * holds in its caches of small messages, read together (one query for all of them), keyed by UID;
     * the others are for {@link #openContent} or a {@link MessageContent}'s opener to read. For a
     * reader that knows which messages it will want next (POP3's read-ahead, IMAP's FETCH of many
     * bodies); empty where the store keeps no such cache.
     */
    default java.util.Map<Long, byte[]> cachedContents(Principal principal, String mailbox, MessageRange range) {
        return java.util.Map.of();
    }

    /**
     * Changes the flags of the addressed messages (RFC 9051 STORE, RFC 7162 UNCHANGEDSINCE).
     *
     * @param unchangedSince only change messages whose MODSEQ is at most this; {@code null} for no condition
     */
    FlagUpdateResult updateFlags(Principal principal, String mailbox, MessageRange range, FlagOperation operation,
                                 java.util.Set<String> flags, Long unchangedSince);

    /** Copies messages into another mailbox of the same user: the blob is shared, the copies get new UIDs. */
    CopyResult copy(Principal principal, String from, MessageRange range, String to);

    /** Copies, then expunges the originals (RFC 6851 MOVE). */
    CopyResult move(Principal principal, String from, MessageRange range, String to);

    /**
     * Expunges messages flagged {@code \Deleted}; all of them, or only those in {@code uids}
     * (UID EXPUNGE). Returns the expunged UIDs.
     */
    List<Long> expunge(Principal principal, String mailbox, UidSet uids);

    /** Expunges the addressed messages whatever their flags (REST delete, retention). */
    List<Long> remove(Principal principal, String mailbox, MessageRange range);

    /** UIDs of the messages matching {@code criteria}, ascending. */
    SearchResult search(Principal principal, String mailbox, SearchCriteria criteria);

    /** What changed after {@code sinceModSeq} (RFC 7162 CHANGEDSINCE and QRESYNC VANISHED). */
    Changes changesSince(Principal principal, String mailbox, long sinceModSeq);

    /** The user's quota usage and limits. */
    QuotaUsage quota(Principal principal);
}
