package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The two command-line clients against the server: Python's imaplib (STARTTLS, LIST,
 * APPEND, SELECT, SEARCH, FETCH, STORE, CREATE, IDLE woken by another connection's APPEND, UID MOVE
 * with COPYUID, STATUS) and mbsync (isync) syncing a Maildir both ways: fetch, flag, append and
 * expunge. Each is skipped, saying so, where the tool is not installed (.ci/run installs them).
 */
class CommandLineClientsTest extends ImapServerTestBase {

    @Autowired
    MailboxStore store;
    @TempDir
    Path dir;

    private static boolean installed(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean finished = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished:%n%s", command, output).isTrue();
        assertThat(p.exitValue()).as("%s exit status:%n%s", command, output).isZero();
        return output;
    }

    private static String newLogin() {
        return "cli-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
    }

    /** The principal the test directory gives any name at test.example (password "pw"). */
    private static Principal principal(String login) {
        return new Principal("t1", "u-" + login, login);
    }

    @Test
    void pythonImaplibListsAppendsFetchesFlagsMovesAndIdles() throws Exception {
        assumeTrue(installed("python3"), "python3 is not installed");
        String output = run(List.of("python3", "src/test/clients/imaplib_smoke.py", "127.0.0.1",
                String.valueOf(imapPort()), newLogin(), "pw"));
        assertThat(output).contains("list ('OK'", "append ('OK'", "store ('OK'", "create ('OK'", "status ('OK'")
                .contains("b got b'* 2 EXISTS") // IDLE on the second connection woke for the first one's APPEND
                .contains("thread ('OK', [b'(1)(2)'])")
                .contains("move ('OK'", "COPYUID")
                .endsWith("OK\n");
    }

    @Test
    void mbsyncFetchesFlagsAppendsAndExpungesBothWays() throws Exception {
        assumeTrue(installed("mbsync"), "mbsync (isync) is not installed");
        String login = newLogin();
        Principal user = principal(login);
        store.ensureDefaultMailboxes(user);
        for (String subject : List.of("first", "second")) {
            store.append(user, "INBOX", new AppendRequest(new ByteArrayInputStream(("From: a@example.com\r\nSubject: "
                    + subject + "\r\n\r\n" + subject + " body\r\n").getBytes(StandardCharsets.US_ASCII)), Set.of(),
                    Instant.now(), null));
        }
        Path maildir = dir.resolve("mail");
        Path config = writeConfig(login, maildir);
        List<String> sync = List.of("mbsync", "-c", config.toString(), "-a");

        run(sync);
        Path inbox = maildir.resolve("INBOX");
        assertThat(messages(inbox)).hasSize(2);
        assertThat(maildir.resolve("Sent")).as("the special-use folders are listed and created").isDirectory();

        // flag one message locally: mbsync stores \Flagged on the server
        withFlag(messages(inbox).getFirst(), 'F');
        // a new local message: mbsync APPENDs it
        Files.writeString(inbox.resolve("new").resolve(System.currentTimeMillis() + ".local.mbsync-test"),
                "From: me@example.com\r\nSubject: written locally\r\n\r\nhello\r\n");
        run(sync);
        List<MessageMeta> onServer = store.fetch(user, "INBOX", MessageRange.all());
        assertThat(onServer).hasSize(3);
        assertThat(onServer.stream().filter(m -> m.flags().contains("\\Flagged"))).hasSize(1);

        // mark it trashed locally: with Expunge Both, mbsync sets \Deleted and expunges it on the server
        Path flagged = messages(inbox).stream().filter(p -> p.getFileName().toString().matches(".*:2,[A-Z]*F[A-Z]*"))
                .findFirst().orElseThrow();
        withFlag(flagged, 'T');
        run(sync);
        assertThat(store.fetch(user, "INBOX", MessageRange.all())).hasSize(2)
                .noneMatch(m -> m.flags().contains("\\Flagged"));
    }

    private Path writeConfig(String login, Path maildir) throws IOException {
        Files.createDirectories(maildir);
        String certificate = ImapTestConfiguration.TLS_PROPERTIES[0].split("=", 2)[1];
        Path config = dir.resolve("mbsyncrc");
        Files.writeString(config, """
                IMAPAccount test
                Host localhost
                Port %d
                User %s
                Pass pw
                SSLType STARTTLS
                CertificateFile %s

                IMAPStore remote
                Account test

                MaildirStore local
                Path %s/
                Inbox %s/INBOX
                SubFolders Verbatim

                Channel all
                Far :remote:
                Near :local:
                Patterns *
                Create Both
                Expunge Both
                SyncState *
                Sync All
                """.formatted(imapPort(), login, certificate, maildir, maildir));
        return config;
    }

    /** Adds a Maildir flag (info "2," flags in ASCII order) and moves the file to cur/, as a mail client would. */
    private static void withFlag(Path message, char flag) throws IOException {
        String name = message.getFileName().toString();
        int info = name.indexOf(":2,");
        String base = info < 0 ? name : name.substring(0, info);
        String flags = (info < 0 ? "" : name.substring(info + 3)) + flag;
        String sorted = flags.chars().sorted().distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        Files.move(message, message.getParent().resolveSibling("cur").resolve(base + ":2," + sorted));
    }

    private static List<Path> messages(Path folder) throws IOException {
        try (Stream<Path> cur = Files.list(folder.resolve("cur")); Stream<Path> fresh = Files.list(folder.resolve("new"))) {
            return Stream.concat(cur, fresh).sorted().toList();
        }
    }
}
