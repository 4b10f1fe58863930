package org.mailplatform.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandParserTest {

    @Test
    void fetchWithSectionsPartialsAndMacros() {
        ImapCommand.Fetch f = (ImapCommand.Fetch) Feed.command(
                "a UID FETCH 1:*,7 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (Date From)]<0.2048> BINARY[2] BINARY.SIZE[2] RFC822.SIZE body[]) (CHANGEDSINCE 12345 VANISHED)\r\n");
        assertThat(f.uid()).isTrue();
        assertThat(f.set().toString()).isEqualTo("1:*,7");
        assertThat(f.changedSince()).isEqualTo(12345);
        assertThat(f.vanished()).isTrue();
        assertThat(f.items()).containsExactly(
                new FetchAttribute.Uid(),
                new FetchAttribute.Flags(),
                new FetchAttribute.BodySection(new Section(List.of(1, 2), Section.Text.HEADER_FIELDS, List.of("Date", "From")),
                        new Partial(0, 2048), true, null),
                new FetchAttribute.Binary(new Section(List.of(2), Section.Text.CONTENT, List.of()), null, false),
                new FetchAttribute.BinarySize(new Section(List.of(2), Section.Text.CONTENT, List.of())),
                new FetchAttribute.Rfc822Size(),
                new FetchAttribute.BodySection(Section.whole(), null, false, null),
                new FetchAttribute.ModSeq());
        assertThat(((FetchAttribute.BodySection) f.items().get(2)).section().render())
                .isEqualTo("1.2.HEADER.FIELDS (DATE FROM)");
    }

    @Test
    void fetchMacrosExpand() {
        assertThat(((ImapCommand.Fetch) Feed.command("a FETCH 1 FAST\r\n")).items()).containsExactly(
                new FetchAttribute.Flags(), new FetchAttribute.InternalDate(), new FetchAttribute.Rfc822Size());
        assertThat(((ImapCommand.Fetch) Feed.command("a FETCH 1 full\r\n")).items()).hasSize(5);
        assertThat(((ImapCommand.Fetch) Feed.command("a FETCH 2 RFC822.HEADER\r\n")).items()).containsExactly(
                new FetchAttribute.BodySection(Section.of(Section.Text.HEADER), null, true, "RFC822.HEADER"));
    }

    @Test
    void fetchErrors() {
        assertThat(Feed.error("a FETCH 1 (FLAGS BOGUS)\r\n").getMessage()).contains("BOGUS");
        assertThat(Feed.error("a FETCH 0 FLAGS\r\n").getMessage()).contains("sequence");
        assertThat(Feed.error("a FETCH 1 BODY[1.0]\r\n").getMessage()).contains("part");
        assertThat(Feed.error("a FETCH 1 BODY[]<5>\r\n").getMessage()).contains("partial");
        assertThat(Feed.error("a FETCH 1 BODY[0.MIME]\r\n")).isNotNull();
        assertThat(Feed.error("a FETCH 1 FLAGS (VANISHED)\r\n").getMessage()).contains("VANISHED");
        assertThat(Feed.error("a FETCH 1 BODY[HEADER\r\n").getMessage()).contains("[");
    }

    @Test
    void searchWithReturnCharsetAndNestedKeys() {
        ImapCommand.Search s = (ImapCommand.Search) Feed.command(
                "a UID SEARCH RETURN (MIN COUNT SAVE) CHARSET UTF-8 OR FROM \"Ann\" (SEEN SINCE 1-Feb-1994) NOT UID 1:5 HEADER X-Spam {3+}\r\nyes 2:* UNKEYWORD $Junk LARGER 100 MODSEQ 7\r\n");
        assertThat(s.uid()).isTrue();
        assertThat(s.returnOptions()).containsExactly("MIN", "COUNT", "SAVE");
        assertThat(s.charset()).isEqualTo("UTF-8");
        assertThat(s.key()).isEqualTo(new SearchKey.And(List.of(
                new SearchKey.Or(new SearchKey.Header("FROM", "Ann"), new SearchKey.And(List.of(
                        new SearchKey.HasFlag("\\Seen"),
                        new SearchKey.InternalDate(SearchKey.Comparison.SINCE, LocalDate.of(1994, 2, 1))))),
                new SearchKey.Not(new SearchKey.Uid(SequenceSet.of(1, 5))),
                new SearchKey.Header("X-Spam", "yes"),
                new SearchKey.Sequence(SequenceSet.of(2, SequenceSet.STAR)),
                new SearchKey.Not(new SearchKey.HasFlag("$Junk")),
                new SearchKey.Size(true, 100),
                new SearchKey.ModSeq(7))));
    }

    @Test
    void plainSearchAndSavedResult() {
        ImapCommand.Search s = (ImapCommand.Search) Feed.command("a SEARCH unseen $\r\n");
        assertThat(s.returnOptions()).isNull();
        assertThat(s.key()).isEqualTo(new SearchKey.And(List.of(new SearchKey.Not(new SearchKey.HasFlag("\\Seen")),
                new SearchKey.Sequence(SequenceSet.savedResult()))));
        assertThat(Feed.error("a SEARCH\r\n").getMessage()).contains("missing");
        assertThat(Feed.error("a SEARCH SINCE 31-Foo-2020\r\n").getMessage()).contains("date");
        assertThat(Feed.error("a SEARCH WHATEVER\r\n").getMessage()).contains("WHATEVER");
    }

    @Test
    void deeplyNestedSearchIsRefused() {
        String nots = "NOT ".repeat(100);
        assertThat(Feed.error("a SEARCH " + nots + "ALL\r\n").getMessage()).contains("deeply");
    }

    @Test
    void threadTakesAnAlgorithmACharsetAndSearchKeys() {
        ImapCommand command = Feed.command("a UID THREAD references utf-8 SUBJECT lunch\r\n");
        assertThat(command).isInstanceOfSatisfying(ImapCommand.Thread.class, t -> {
            assertThat(t.uid()).isTrue();
            assertThat(t.algorithm()).isEqualTo(ImapCommand.ThreadAlgorithm.REFERENCES);
            assertThat(t.charset()).isEqualTo("utf-8");
            assertThat(t.key()).isNotNull();
        });
        assertThat(command.name()).isEqualTo("UID THREAD");
        assertThat(command.allowedIn()).containsExactly(SessionState.SELECTED);
        assertThat(Feed.error("a THREAD REFS UTF-8 ALL\r\n").getMessage()).contains("REFS");
        assertThat(Feed.error("a THREAD ORDEREDSUBJECT UTF-8 RETURN (ALL) ALL\r\n").getMessage()).contains("RETURN");
    }

    @Test
    void store() {
        assertThat(Feed.command("a UID STORE 1:3 (UNCHANGEDSINCE 99) +FLAGS.SILENT (\\seen $Junk)\r\n")).isEqualTo(
                new ImapCommand.Store("a", true, SequenceSet.of(1, 3), 99, ImapCommand.StoreMode.ADD, true,
                        List.of("\\Seen", "$Junk")));
        assertThat(Feed.command("a STORE 2 FLAGS \\Deleted\r\n")).isEqualTo(
                new ImapCommand.Store("a", false, SequenceSet.of(2, 2), -1, ImapCommand.StoreMode.REPLACE, false,
                        List.of("\\Deleted")));
        assertThat(Feed.command("a STORE 2 -FLAGS ()\r\n")).isEqualTo(
                new ImapCommand.Store("a", false, SequenceSet.of(2, 2), -1, ImapCommand.StoreMode.REMOVE, false, List.of()));
        assertThat(Feed.error("a STORE 2 LABELS (x)\r\n").getMessage()).contains("LABELS");
    }

    @Test
    void listExtended() {
        assertThat(Feed.command("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (\"INBOX\" Drafts/%) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n"))
                .isEqualTo(new ImapCommand.ListMailboxes("a", List.of("SUBSCRIBED", "RECURSIVEMATCH"), "",
                        List.of("INBOX", "Drafts/%"), List.of("CHILDREN", "STATUS"),
                        List.of(StatusItem.MESSAGES, StatusItem.UNSEEN), false));
        assertThat(Feed.command("a LIST \"\" *\r\n")).isEqualTo(new ImapCommand.ListMailboxes("a", List.of(), "",
                List.of("*"), List.of(), List.of(), false));
        assertThat(Feed.command("a LSUB \"\" %\r\n")).isInstanceOfSatisfying(ImapCommand.ListMailboxes.class,
                l -> assertThat(l.lsub()).isTrue());
        assertThat(Feed.error("a LIST (RECURSIVEMATCH) \"\" *\r\n")).isNotNull();
    }

    @Test
    void selectWithQresync() {
        assertThat(Feed.command("a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n"))
                .isEqualTo(new ImapCommand.Select("a", "INBOX", false, false, new ImapCommand.Qresync(67890007L,
                        20050715194045000L, SequenceSet.parse("41,43:211,214:541"), null, null)));
        assertThat(Feed.command("a EXAMINE \"Sent\" (CONDSTORE)\r\n"))
                .isEqualTo(new ImapCommand.Select("a", "Sent", true, true, null));
        assertThat(Feed.command("a SELECT x (QRESYNC (1 2 1:9 (1,5 10,50)))\r\n")).isInstanceOfSatisfying(
                ImapCommand.Select.class, s -> assertThat(s.qresync().matchUids()).hasToString("10,50"));
    }

    @Test
    void mailboxCommands() {
        assertThat(Feed.command("a CREATE Archive (USE (\\Archive))\r\n"))
                .isEqualTo(new ImapCommand.Create("a", "Archive", List.of("\\Archive")));
        assertThat(Feed.command("a RENAME \"a b\" {3+}\r\nc d\r\n")).isEqualTo(new ImapCommand.Rename("a", "a b", "c d"));
        assertThat(Feed.command("a STATUS INBOX (MESSAGES UIDNEXT SIZE)\r\n")).isEqualTo(
                new ImapCommand.Status("a", "INBOX", List.of(StatusItem.MESSAGES, StatusItem.UIDNEXT, StatusItem.SIZE)));
        assertThat(Feed.command("a UID MOVE 4:6 Trash\r\n")).isEqualTo(new ImapCommand.Move("a", true, SequenceSet.of(4, 6), "Trash"));
        assertThat(Feed.command("a UID EXPUNGE 3\r\n")).isEqualTo(new ImapCommand.Expunge("a", SequenceSet.of(3, 3)));
        assertThat(Feed.command("a EXPUNGE\r\n")).isEqualTo(new ImapCommand.Expunge("a", null));
        assertThat(Feed.error("a UID LOGIN x y\r\n")).isNotNull();
        assertThat(Feed.error("a DELETE\r\n").getMessage()).contains("missing mailbox");
        assertThat(Feed.error("a NOOP extra\r\n").getMessage()).contains("unexpected");
    }

    @Test
    void sessionCommands() {
        assertThat(Feed.command("a ENABLE imap4rev2 CONDSTORE\r\n"))
                .isEqualTo(new ImapCommand.Enable("a", List.of("IMAP4REV2", "CONDSTORE")));
        assertThat(Feed.command("a ID (\"name\" \"mutt\" \"version\" NIL)\r\n")).isInstanceOfSatisfying(ImapCommand.Id.class,
                id -> {
                    assertThat(id.parameters()).containsOnlyKeys("name", "version").containsEntry("name", "mutt");
                    assertThat(id.parameters().get("version")).isNull();
                });
        assertThat(Feed.command("a ID NIL\r\n")).isEqualTo(new ImapCommand.Id("a", null));
        assertThat(Feed.command("a AUTHENTICATE plain AGpvZQBwdw==\r\n"))
                .isEqualTo(new ImapCommand.Authenticate("a", "PLAIN", "AGpvZQBwdw=="));
        assertThat(Feed.command("a AUTHENTICATE PLAIN =\r\n"))
                .isEqualTo(new ImapCommand.Authenticate("a", "PLAIN", "="));
        assertThat(Feed.command("a LOGIN \"j\\\\oe\" \"\"\r\n")).isEqualTo(new ImapCommand.Login("a", "j\\oe", ""));
        assertThat(Feed.command("a login joe pw\r\n").toString()).doesNotContain("pw");
    }

    @Test
    void commandsDeclareTheirStates() {
        assertThat(Feed.command("a LOGIN x y\r\n").allowedIn()).containsExactly(SessionState.NOT_AUTHENTICATED);
        assertThat(Feed.command("a FETCH 1 FLAGS\r\n").allowedIn()).containsExactly(SessionState.SELECTED);
        assertThat(Feed.command("a LIST \"\" *\r\n").allowedIn())
                .containsExactlyInAnyOrder(SessionState.AUTHENTICATED, SessionState.SELECTED);
        assertThat(Feed.command("a NOOP\r\n").allowedIn()).doesNotContain(SessionState.LOGOUT).hasSize(3);
        assertThat(Feed.command("a UID FETCH 1 FLAGS\r\n").name()).isEqualTo("UID FETCH");
        assertThat(Feed.command("a EXAMINE x\r\n").name()).isEqualTo("EXAMINE");
    }
}
