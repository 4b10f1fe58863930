package org.mailplatform.imap.codec;

/** SELECT and EXAMINE with their parameters: CONDSTORE and QRESYNC (RFC 7162 sections 3.1.8, 3.2.5). */
final class SelectParser {

    private SelectParser() {
    }

    static ImapCommand.Select select(String tag, boolean readOnly, ArgCursor a) {
        String mailbox = a.astring("mailbox");
        boolean condstore = false;
        ImapCommand.Qresync qresync = null;
        if (a.hasMore()) {
            ArgCursor params = a.list("select parameters");
            while (params.hasMore()) {
                String p = params.atomUpper("select parameter");
                switch (p) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> qresync = qresync(params.list("QRESYNC parameters"));
                    default -> throw new ImapSyntaxException("unknown select parameter " + CommandParser.truncate(p));
                }
            }
        }
        return new ImapCommand.Select(tag, mailbox, readOnly, condstore, qresync);
    }

    private static ImapCommand.Qresync qresync(ArgCursor q) {
        long uidValidity = q.nzNumber("uidvalidity");
        long modSeq = q.number("mod-sequence");
        SequenceSet known = null;
        SequenceSet seqs = null;
        SequenceSet uids = null;
        if (q.hasMore() && !q.peekIsList()) {
            known = q.sequenceSet();
        }
        if (q.hasMore()) {
            ArgCursor match = q.list("sequence match data");
            seqs = match.sequenceSet();
            uids = match.sequenceSet();
            match.end();
        }
        q.end();
        return new ImapCommand.Qresync(uidValidity, modSeq, known, seqs, uids);
    }
}
