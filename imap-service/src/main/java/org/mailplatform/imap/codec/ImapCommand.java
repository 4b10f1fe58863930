package org.mailplatform.imap.codec;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed IMAP command (RFC 9051 section 6 and the extensions the server offers). One record per
 * command; the session switches on the type and never looks at strings. Mailbox names are as sent
 * (see {@link MailboxName} for modified UTF-7); the session decodes them.
 */
public sealed interface ImapCommand {

    String tag();

    /** The command's name as metrics and logs show it, e.g. {@code UID FETCH}. */
    default String name() {
        return switch (this) {
            case ListMailboxes l -> l.lsub() ? "LSUB" : "LIST";
            case Select s -> s.readOnly() ? "EXAMINE" : "SELECT";
            case Search s -> s.uid() ? "UID SEARCH" : "SEARCH";
            case Sort s -> s.uid() ? "UID SORT" : "SORT";
            case Thread t -> t.uid() ? "UID THREAD" : "THREAD";
            case Fetch f -> f.uid() ? "UID FETCH" : "FETCH";
            case Store s -> s.uid() ? "UID STORE" : "STORE";
            case Copy c -> c.uid() ? "UID COPY" : "COPY";
            case Move m -> m.uid() ? "UID MOVE" : "MOVE";
            case Expunge e -> e.uids() != null ? "UID EXPUNGE" : "EXPUNGE";
            default -> getClass().getSimpleName().toUpperCase();
        };
    }

    /** The states in which the command is allowed (RFC 9051 sections 6.1 to 6.4). */
    default Set<SessionState> allowedIn() {
        return switch (this) {
            case Capability c -> ANY;
            case Noop n -> ANY;
            case Logout l -> ANY;
            case Id i -> ANY;
            case StartTls s -> NOT_AUTHENTICATED;
            case Login l -> NOT_AUTHENTICATED;
            case Authenticate a -> NOT_AUTHENTICATED;
            case Check c -> SELECTED;
            case Close c -> SELECTED;
            case Unselect u -> SELECTED;
            case Expunge e -> SELECTED;
            case Search s -> SELECTED;
            case Sort s -> SELECTED;
            case Thread t -> SELECTED;
            case Fetch f -> SELECTED;
            case Store s -> SELECTED;
            case Copy c -> SELECTED;
            case Move m -> SELECTED;
            default -> AUTHENTICATED;
        };
    }

    Set<SessionState> ANY = EnumSet.of(SessionState.NOT_AUTHENTICATED, SessionState.AUTHENTICATED, SessionState.SELECTED);
    Set<SessionState> NOT_AUTHENTICATED = EnumSet.of(SessionState.NOT_AUTHENTICATED);
    Set<SessionState> AUTHENTICATED = EnumSet.of(SessionState.AUTHENTICATED, SessionState.SELECTED);
    Set<SessionState> SELECTED = EnumSet.of(SessionState.SELECTED);

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    record StartTls(String tag) implements ImapCommand {
    }

    /** LOGIN user password (RFC 9051 section 6.2.3). */
    record Login(String tag, String user, String password) implements ImapCommand {
        @Override
        public String toString() {
            return "Login[tag=" + tag + ", user=" + user + ", password=***]";
        }
    }

    /**
     * AUTHENTICATE mechanism [initial-response] (RFC 9051 section 6.2.2, SASL-IR RFC 4959).
     *
     * @param initialResponse base64 as sent, {@code "="} for an empty one, or {@code null}
     */
    record Authenticate(String tag, String mechanism, String initialResponse) implements ImapCommand {
        @Override
        public String toString() {
            return "Authenticate[tag=" + tag + ", mechanism=" + mechanism + "]";
        }
    }

    /** ENABLE capabilities (RFC 5161), names upper case. */
    record Enable(String tag, List<String> capabilities) implements ImapCommand {
    }

    /** ID (RFC 2971); {@code parameters} is {@code null} for {@code ID NIL}. */
    record Id(String tag, Map<String, String> parameters) implements ImapCommand {
    }

    record Namespace(String tag) implements ImapCommand {
    }

    record Idle(String tag) implements ImapCommand {
    }

    record Check(String tag) implements ImapCommand {
    }

    /**
     * SELECT or EXAMINE ({@code readOnly}) with the CONDSTORE and QRESYNC parameters (RFC 7162).
     *
     * @param qresync the QRESYNC parameter, or {@code null}
     */
    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync)
            implements ImapCommand {
    }

    /**
     * {@code QRESYNC (uidvalidity modseq [known-uids] [(seq-match-seqs seq-match-uids)])}
     * (RFC 7162 section 3.2.5); the optional sets are {@code null} when absent.
     */
    record Qresync(long uidValidity, long modSeq, SequenceSet knownUids, SequenceSet matchSequences,
                   SequenceSet matchUids) {
    }

    /** CREATE mailbox [(USE (special-use...))] (RFC 6154 section 3). */
    record Create(String tag, String mailbox, List<String> specialUse) implements ImapCommand {
    }

    record Delete(String tag, String mailbox) implements ImapCommand {
    }

    record Rename(String tag, String from, String to) implements ImapCommand {
    }

    record Subscribe(String tag, String mailbox) implements ImapCommand {
    }

    record Unsubscribe(String tag, String mailbox) implements ImapCommand {
    }

    /**
     * LIST, extended (RFC 5258, RFC 6154, RFC 5819), or LSUB (RFC 3501).
     *
     * @param selectionOptions upper case, e.g. SUBSCRIBED, SPECIAL-USE, RECURSIVEMATCH
     * @param patterns         one or more mailbox patterns as sent
     * @param returnOptions    upper case, e.g. CHILDREN, SUBSCRIBED, SPECIAL-USE, STATUS
     * @param returnStatus     the items of RETURN (STATUS (...)), empty if not asked
     */
    record ListMailboxes(String tag, List<String> selectionOptions, String reference, List<String> patterns,
                         List<String> returnOptions, List<StatusItem> returnStatus, boolean lsub) implements ImapCommand {
    }

    record Status(String tag, String mailbox, List<StatusItem> items) implements ImapCommand {
    }

    /**
     * APPEND mailbox [flags] [date-time] literal (RFC 9051 section 6.3.12). The command is handed
     * over when the literal's header has been read; its bytes follow as
     * {@link DecodedInput.AppendData}.
     *
     * @param internalDate   or {@code null} for now
     * @param size           the literal's length
     * @param synchronizing  {@code true} if the client waits for a continuation request
     * @param binary         a {@code literal8} ({@code ~{n}}, RFC 3516): the message may hold NULs
     */
    record Append(String tag, String mailbox, List<String> flags, OffsetDateTime internalDate, long size,
                  boolean synchronizing, boolean binary) implements ImapCommand {
    }

    record Close(String tag) implements ImapCommand {
    }

    record Unselect(String tag) implements ImapCommand {
    }

    /** EXPUNGE, or UID EXPUNGE uids (RFC 4315) when {@code uids} is not null. */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand {
    }

    /**
     * [UID] SEARCH [RETURN (...)] [CHARSET x] keys (RFC 9051 section 6.4.4, ESEARCH RFC 4731,
     * SEARCHRES RFC 5182).
     *
     * @param returnOptions {@code null} for a plain SEARCH (answered with {@code * SEARCH}); else the
     *                      RETURN options upper case (empty list means ALL)
     * @param charset       or {@code null}
     */
    record Search(String tag, boolean uid, List<String> returnOptions, String charset, SearchKey key)
            implements ImapCommand {
    }

    /**
     * [UID] FETCH set items [(CHANGEDSINCE n [VANISHED])] (RFC 9051 section 6.4.5, RFC 7162).
     *
     * @param changedSince -1 when absent
     */
    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchAttribute> items, long changedSince,
                 boolean vanished) implements ImapCommand {
    }

    /** The sort keys of RFC 5256 section 3 (DISPLAYFROM/DISPLAYTO of RFC 5957 not offered). */
    enum SortKey { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO }

    record SortCriterion(SortKey key, boolean reverse) {
    }

    /** [UID] SORT (criteria) charset search-keys (RFC 5256). */
    record Sort(String tag, boolean uid, List<SortCriterion> criteria, String charset, SearchKey key)
            implements ImapCommand {

        public Sort {
            criteria = List.copyOf(criteria);
        }
    }

    /** The threading algorithms of RFC 5256 section 3 (REFS of the INTHREAD draft not offered). */
    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }

    /** [UID] THREAD algorithm charset search-keys (RFC 5256). */
    record Thread(String tag, boolean uid, ThreadAlgorithm algorithm, String charset, SearchKey key)
            implements ImapCommand {
    }

    /** How STORE changes flags. */
    enum StoreMode { REPLACE, ADD, REMOVE }

    /**
     * [UID] STORE set [(UNCHANGEDSINCE n)] [+|-]FLAGS[.SILENT] flags (RFC 9051 section 6.4.6).
     *
     * @param unchangedSince -1 when absent
     */
    record Store(String tag, boolean uid, SequenceSet set, long unchangedSince, StoreMode mode, boolean silent,
                 List<String> flags) implements ImapCommand {
    }

    record Copy(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {
    }

    /** MOVE (RFC 6851). */
    record Move(String tag, boolean uid, SequenceSet set, String mailbox) implements ImapCommand {
    }

    /** GETQUOTA root (RFC 9208). */
    record GetQuota(String tag, String root) implements ImapCommand {
    }

    /** GETQUOTAROOT mailbox (RFC 9208). */
    record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {
    }

    /** SETQUOTA root (resource limit ...) (RFC 9208); resource names upper case. */
    record SetQuota(String tag, String root, Map<String, Long> limits) implements ImapCommand {
    }

    /** COMPRESS mechanism (RFC 4978). */
    record Compress(String tag, String mechanism) implements ImapCommand {
    }
}
