package org.mailplatform.imap.message;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.netty.channel.Channel;
import org.mailplatform.imap.codec.FetchAttribute;
import org.mailplatform.imap.codec.FlagList;
import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapDates;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.Partial;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.mime.SectionLocator;
import org.mailplatform.mime.SectionReader;
import org.mailplatform.mime.SectionSpec;
import org.mailplatform.model.Principal;
import org.mailplatform.store.Changes;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.FlagOperation;
import org.mailplatform.store.FlagUpdateResult;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;

/**
 * FETCH and UID FETCH (RFC 9051 section 6.4.5). Runs on a blocking thread and writes straight to
 * the channel, waiting while the client does not read: body sections are located by the stored
 * part offsets (libs/mime) and read from S3 by range, then streamed as literals in 64 KiB pieces,
 * never held whole. Messages are fetched from the store in batches. A BODY[...] without PEEK sets
 * \Seen (unless read-only) and the response then carries the new FLAGS.
 */
public final class FetchCommand {

    // one store query per batch; on stores that scan a collection per query (the embedded
    // mongo-java-server) fewer, larger batches cost less, while a batch of metadata stays small in heap
    // (the summaries in it are shared with the store's summary cache)
    private static final int BATCH = 1000;
    private static final int PIECE = FetchOutput.CHUNK;
    private static final byte[] CRLF = {'\r', '\n'};

    private final MailboxStore store;
    private final java.time.Duration writeTimeout;
    private final FormattedSummaries formatted;

    /**
     * @param writeTimeout how long a FETCH waits for a client that reads nothing before closing it
     * @param formatted    ENVELOPE and BODYSTRUCTURE strings formatted earlier
     */
    public FetchCommand(MailboxStore store, java.time.Duration writeTimeout, FormattedSummaries formatted) {
        this.store = store;
        this.writeTimeout = writeTimeout;
        this.formatted = formatted;
    }

    public void handle(ImapCommand.Fetch c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        List<Long> uids;
        try {
            if (c.vanished() && !ctx.data().qresync()) {
                throw new ImapSyntaxException("VANISHED needs ENABLE QRESYNC (RFC 7162 section 3.2.6)");
            }
            uids = selected.resolve(c.set(), c.uid());
        } catch (ImapSyntaxException e) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, e.code(), e.getMessage()));
            return;
        }
        if (c.changedSince() >= 0 || c.items().stream().anyMatch(a -> a instanceof FetchAttribute.ModSeq)) {
            ctx.data().useCondstore();
        }
        boolean condstore = ctx.data().condstore();
        boolean setSeen = !selected.readOnly() && c.items().stream().anyMatch(a ->
                a instanceof FetchAttribute.BodySection s && !s.peek() || a instanceof FetchAttribute.Binary b && !b.peek());
        boolean readsBytes = c.items().stream().anyMatch(a -> a instanceof FetchAttribute.BodySection
                || a instanceof FetchAttribute.Binary || a instanceof FetchAttribute.BinarySize);
        Principal principal = ctx.data().principal();
        boolean utf8 = ctx.data().utf8();
        Channel channel = ctx.channel();
        ctx.blocking(() -> {
            FetchOutput out = new FetchOutput(channel, writeTimeout);
            FetchedBytes bytes = new FetchedBytes(store, principal, selected.name());
            try {
                List<Long> targets = c.changedSince() < 0 ? uids : changedSince(c, uids, principal, selected, out, utf8);
                for (int i = 0; i < targets.size(); i += BATCH) {
                    List<Long> batch = targets.subList(i, Math.min(targets.size(), i + BATCH));
                    MessageRange range = new MessageRange.ByUid(SelectedMailbox.toUidSet(batch));
                    List<MessageMeta> metas = store.fetch(principal, selected.name(), range);
                    Set<Long> seenNow = new HashSet<>();
                    if (setSeen) {
                        metas = markSeen(principal, selected, metas, seenNow);
                    }
                    for (int j = 0; j < metas.size(); j++) {
                        if (readsBytes && metas.size() > 1 && j % FetchedBytes.CHUNK == 0) {
                            bytes.prefetch(metas.subList(j, Math.min(metas.size(), j + FetchedBytes.CHUNK)));
                        }
                        MessageMeta m = metas.get(j);
                        int seq = selected.seqOf(m.uid());
                        if (seq > 0) {
                            writeMessage(out, bytes, seq, m, c.items(), seenNow.contains(m.uid()), utf8, condstore);
                        }
                    }
                }
                out.flush();
            } finally {
                out.discard();
            }
            return Boolean.TRUE;
        }, (r, failure) -> ctx.done(failure == null
                ? new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, (c.uid() ? "UID " : "") + "FETCH completed")
                : failure instanceof BinaryPart.UnknownEncodingException
                ? new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.UNKNOWN_CTE, failure.getMessage())
                : StoreFailures.response(c.tag(), failure)));
    }

    /**
     * The implicit \Seen of BODY[] (RFC 9051 section 6.4.5), set only on the messages that lack it:
     * a message read again costs no store write, and its FETCH carries no FLAGS, since they did not
     * change. Returns the messages with their flags and MODSEQ after the update.
     */
    private List<MessageMeta> markSeen(Principal principal, SelectedMailbox selected, List<MessageMeta> metas,
                                       Set<Long> seenNow) {
        List<Long> unseen = metas.stream().filter(m -> !m.flags().contains(Flags.SEEN)).map(MessageMeta::uid).toList();
        if (unseen.isEmpty()) {
            return metas;
        }
        FlagUpdateResult r = store.updateFlags(principal, selected.name(),
                new MessageRange.ByUid(SelectedMailbox.toUidSet(unseen)), FlagOperation.ADD, Set.of(Flags.SEEN), null);
        Map<Long, MessageMeta> updated = new HashMap<>();
        r.updated().forEach(m -> {
            updated.put(m.uid(), m);
            seenNow.add(m.uid());
            selected.reported(m.uid(), m.modSeq());
        });
        return metas.stream().map(m -> {
            MessageMeta u = updated.get(m.uid());
            return u == null ? m : m.withFlags(u.modSeq(), u.flags());
        }).toList();
    }

    /**
     * CHANGEDSINCE (RFC 7162 section 3.1.4.1): of the addressed messages, those changed after the
     * given MODSEQ; with VANISHED (UID FETCH, QRESYNC, section 3.2.6) first the addressed UIDs
     * expunged since, as {@code * VANISHED (EARLIER)}.
     */
    private List<Long> changedSince(ImapCommand.Fetch c, List<Long> uids, Principal principal, SelectedMailbox selected,
                                    FetchOutput out, boolean utf8) throws IOException, InterruptedException {
        Changes changes = store.changesSince(principal, selected.name(), c.changedSince());
        if (c.vanished()) {
            // UIDNEXT only matters when old expunges are forgotten: then every absent UID is named
            long uidNext = changes.expungesForgotten()
                    ? store.find(principal, selected.name()).map(MailboxInfo::uidNext).orElse(0L) : 0;
            String vanished = VanishedEarlier.of(changes, selected.uids(), uidNext, c.set());
            if (vanished != null) {
                out.add(new ImapWriter(utf8).atom("*").atom("VANISHED").open().atom("EARLIER").close()
                        .atom(vanished).toBytes());
                out.add(CRLF);
            }
        }
        Set<Long> changed = new HashSet<>();
        changes.changed().forEach(m -> changed.add(m.uid()));
        return uids.stream().filter(changed::contains).toList();
    }

    private void writeMessage(FetchOutput out, FetchedBytes bytes, int seq, MessageMeta m, List<FetchAttribute> items,
                              boolean flagsChanged, boolean utf8, boolean condstore)
            throws IOException, InterruptedException {
        ImapWriter w = new ImapWriter(utf8).atom("*").number(seq).atom("FETCH").open();
        boolean flagsSent = false;
        boolean modSeqSent = false;
        for (FetchAttribute item : items) {
            switch (item) {
                case FetchAttribute.Uid u -> w.atom("UID").number(m.uid());
                case FetchAttribute.Flags f -> {
                    w.atom("FLAGS").atom(FlagList.format(m.flags()));
                    flagsSent = true;
                }
                case FetchAttribute.InternalDate d -> w.atom("INTERNALDATE").string(ImapDates.format(m.internalDate()));
                case FetchAttribute.Rfc822Size s -> w.atom("RFC822.SIZE").number(m.size());
                case FetchAttribute.Envelope e -> w.atom("ENVELOPE").atom(formatted.envelope(m, utf8));
                case FetchAttribute.BodyStructure b -> w.atom(b.extended() ? "BODYSTRUCTURE" : "BODY")
                        .atom(formatted.bodyStructure(m, b.extended(), utf8));
                case FetchAttribute.ModSeq x -> {
                    w.atom("MODSEQ").open().number(m.modSeq()).close();
                    modSeqSent = true;
                }
                case FetchAttribute.BodySection b -> w = bodySection(out, bytes, w, m, b, utf8);
                case FetchAttribute.Binary b -> w = binary(out, bytes, w, m, b, utf8);
                case FetchAttribute.BinarySize b -> w.atom("BINARY.SIZE[" + b.section().render() + "]")
                        .number(binarySize(bytes, m, b.section()));
                case FetchAttribute.EmailId e -> w.atom("EMAILID").open().atom(ObjectIds.emailId(m)).close();
                case FetchAttribute.ThreadId t -> w.atom("THREADID").atom("NIL");
                default -> throw new IllegalStateException("unsupported " + item);
            }
        }
        if (flagsChanged && !flagsSent) {
            w.atom("FLAGS").atom(FlagList.format(m.flags()));
            flagsSent = true;
        }
        if (condstore && flagsSent && !modSeqSent) {
            // RFC 7162 section 3.1.4: with CONDSTORE on, every FETCH with FLAGS carries MODSEQ
            w.atom("MODSEQ").open().number(m.modSeq()).close();
        }
        w.close();
        out.add(w.toBytes());
        out.add(CRLF);
    }

    /** Writes what {@code w} holds, the section as a literal, and returns a writer for the rest. */
    private ImapWriter bodySection(FetchOutput out, FetchedBytes bytes, ImapWriter w, MessageMeta m,
                                   FetchAttribute.BodySection b, boolean utf8) throws IOException, InterruptedException {
        Partial partial = b.partial();
        String name = b.legacyName() != null ? b.legacyName()
                : "BODY[" + b.section().render() + "]" + (partial == null ? "" : "<" + partial.offset() + ">");
        SectionSpec spec = new SectionSpec(b.section().part(), SectionSpec.Text.valueOf(b.section().text().name()),
                b.section().fieldNames());
        Optional<SectionLocator.Located> located = SectionLocator.locate(m.summary(), spec);
        if (located.isEmpty()) {
            return w.atom(name).string("");
        }
        SectionLocator.Located at = located.get();
        if (at.filter() != null) {
            byte[] section;
            try (InputStream in = SectionReader.open(at, (o, l) -> bytes.open(m, o, l))) {
                section = in.readAllBytes();
            }
            section = slice(section, partial);
            w.atom(name).literal(section);
            return w;
        }
        long offset = at.offset();
        long length = at.length();
        if (partial != null) {
            long skip = Math.min(partial.offset(), length);
            offset += skip;
            length = Math.min(partial.length(), length - skip);
        }
        w.atom(name).atom("{" + length + "}");
        out.add(w.toBytes());
        out.add(CRLF);
        if (length > 0) {
            try (InputStream in = bytes.open(m, offset, length)) {
                long left = length;
                byte[] piece = new byte[(int) Math.min(PIECE, length)];
                while (left > 0) {
                    int n = in.read(piece, 0, (int) Math.min(piece.length, left));
                    if (n < 0) {
                        throw new IOException("message " + m.uid() + " is shorter than its stored size");
                    }
                    out.add(piece, 0, n);
                    left -= n;
                }
            }
        }
        return new ImapWriter(utf8).append("");
    }

    /**
     * BINARY[part]<partial> (RFC 3516 section 4.2): the part decoded, in two passes over the
     * ranged S3 read so it is never held whole: one to learn the decoded size (and whether a NUL
     * forces a literal8), one to stream it.
     */
    private ImapWriter binary(FetchOutput out, FetchedBytes bytes, ImapWriter w, MessageMeta m, FetchAttribute.Binary b,
                              boolean utf8) throws IOException, InterruptedException {
        Partial partial = b.partial();
        String name = "BINARY[" + b.section().render() + "]" + (partial == null ? "" : "<" + partial.offset() + ">");
        Optional<BinaryPart> part = BinaryPart.locate(m.summary(), b.section().part());
        if (part.isEmpty()) {
            return w.atom(name).atom("NIL");
        }
        BinaryPart p = part.get();
        BinaryPart.Measure measure;
        try (InputStream in = p.decode(bytes.open(m, p.offset(), p.length()))) {
            measure = BinaryPart.measure(in);
        }
        long skip = partial == null ? 0 : Math.min(partial.offset(), measure.size());
        long length = partial == null ? measure.size() : Math.min(partial.length(), measure.size() - skip);
        w.atom(name).atom((measure.hasNul() ? "~{" : "{") + length + "}");
        out.add(w.toBytes());
        out.add(CRLF);
        if (length > 0) {
            try (InputStream in = p.decode(bytes.open(m, p.offset(), p.length()))) {
                in.skipNBytes(skip);
                long left = length;
                byte[] piece = new byte[(int) Math.min(PIECE, length)];
                while (left > 0) {
                    int n = in.read(piece, 0, (int) Math.min(piece.length, left));
                    if (n < 0) {
                        throw new IOException("part of message " + m.uid() + " decoded shorter than measured");
                    }
                    out.add(piece, 0, n);
                    left -= n;
                }
            }
        }
        return new ImapWriter(utf8).append("");
    }

    private long binarySize(FetchedBytes bytes, MessageMeta m, org.mailplatform.imap.codec.Section section)
            throws IOException {
        Optional<BinaryPart> part = BinaryPart.locate(m.summary(), section.part());
        if (part.isEmpty()) {
            return 0;
        }
        BinaryPart p = part.get();
        if (p.encoding().equals("7BIT") || p.encoding().equals("8BIT") || p.encoding().equals("BINARY")) {
            return p.length();
        }
        try (InputStream in = p.decode(bytes.open(m, p.offset(), p.length()))) {
            return BinaryPart.measure(in).size();
        }
    }

    private static byte[] slice(byte[] bytes, Partial partial) {
        if (partial == null) {
            return bytes;
        }
        int from = (int) Math.min(partial.offset(), bytes.length);
        int to = (int) Math.min(bytes.length, from + partial.length());
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
