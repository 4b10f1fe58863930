package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user's Sieve filter end to end: uploaded and activated with Debian's {@code sieve-connect} over
 * imap-service's ManageSieve listener (PLAIN on the loopback connection: the platform has no TLS
 * material, so the server offers no STARTTLS), listed on the other imap-service instance, run by the
 * delivery processes on mail a second platform user submits, and read back with Python's imaplib:
 * {@code fileinto} files one message in Archive, the other stays in the INBOX, and {@code vacation}
 * answers the sender once for both. Skipped, saying so, where sieve-connect or python3 is missing.
 */
class SieveIT {

    private static final String SCRIPT = """
            require ["fileinto","vacation"];
            if header :contains "subject" "[report]" { fileinto "Archive"; }
            vacation :days 1 :subject "Away" "Back on Monday.";
            """;
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static PlatformProcesses platform;
    private static Path reader;
    private static Path script;

    @BeforeAll
    static void tools() throws IOException {
        assumeTrue(sieveConnectInstalled(), "sieve-connect is not installed");
        assumeTrue(CommandLine.installed("python3"), "python3 is not installed");
        platform = PlatformProcesses.shared();
        reader = Files.createTempFile("read_mailbox_with_imaplib", ".py");
        try (var in = SieveIT.class.getResourceAsStream("/clients/read_mailbox_with_imaplib.py")) {
            Files.write(reader, in.readAllBytes());
        }
        script = Files.createTempFile("away", ".sieve");
        Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void removeTheFiles() throws IOException {
        for (Path file : new Path[] {reader, script}) {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void aScriptUploadedOverManageSieveFilesAndAnswersAtDelivery() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        String tenant = Tenants.tenantWithDomain(admin, "sieve");
        Tenants.Account dora = Tenants.user(admin, tenant, "dora");
        Tenants.Account sam = Tenants.user(admin, tenant, "sam");

        sieveConnect(platform.manageSievePortA(), dora, "--upload", "--localsieve", script.toString(),
                "--remotesieve", "away");
        sieveConnect(platform.manageSievePortA(), dora, "--activate", "--remotesieve", "away");
        // on the other instance: scripts live in the shared store, not in the process that took them
        assertThat(sieveConnect(platform.manageSievePortB(), dora, "--list").lines())
                .as("LISTSCRIPTS").contains("\"away\" ACTIVE");

        // dora has never logged in: she has no mailboxes yet, and her first message must still
        // find Archive (delivery creates the default mailboxes before it looks up a fileinto target)

        String report = MailClients.newMessageId();
        String other = MailClients.newMessageId();
        MailClients.submit(platform.submissionPort(), sam.address(), sam.password(), sam.address(), dora.address(),
                "[report] weekly numbers", report);
        MailClients.submit(platform.submissionPort(), sam.address(), sam.password(), sam.address(), dora.address(),
                "lunch on Friday?", other);

        await("both messages delivered to dora").atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> messages(admin, dora) == 2);
        assertThat(read(dora, "Archive", report).exitCode()).as("[report] in Archive").isZero();
        assertThat(read(dora, "INBOX", other).exitCode()).as("the other one in the INBOX").isZero();
        assertThat(read(dora, "INBOX", report).output()).as("only the other one in the INBOX").startsWith("count 1\r\n");

        String reply = awaitReply(sam);
        assertThat(reply).startsWith("count 1\r\n")
                .containsPattern("\r\nAuto-Submitted: auto-replied\r\n")
                .containsPattern("\r\nSubject: Away\r\n")
                .containsPattern("\r\nIn-Reply-To: <(" + report + "|" + other + ")>\r\n")
                .contains("Back on Monday.");
        // exactly one for both messages (one per sender within :days): a second reply would have been
        // queued with the second delivery, already done, and take the first one's way, so it would
        // show up within seconds; the count must stay 1 meanwhile
        await("no second vacation reply").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> read(sam, "INBOX", "auto-replied", "Auto-Submitted").output().startsWith("count 1\r\n"));
    }

    /** Waits until imaplib finds exactly one auto-reply in the sender's INBOX; returns what it printed. */
    private String awaitReply(Tenants.Account sender) {
        AtomicReference<CommandLine.Result> last = new AtomicReference<>();
        await("vacation reply to " + sender.address()).atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last.set(read(sender, "INBOX", "auto-replied", "Auto-Submitted"));
                    return last.get().exitCode() == 0;
                });
        return last.get().output();
    }

    private CommandLine.Result read(Tenants.Account user, String mailbox, String messageId) {
        return read(user, mailbox, "<" + messageId + ">", "Message-ID");
    }

    private CommandLine.Result read(Tenants.Account user, String mailbox, String value, String field) {
        return CommandLine.run(List.of("python3", reader.toString(), String.valueOf(platform.imapPortA()),
                user.address(), user.password(), mailbox, value, field));
    }

    /** The user's messages in all mailboxes, as the platform admin sees them over REST (-1: no answer yet). */
    private static long messages(AdminApi admin, Tenants.Account user) {
        AdminApi.Answer answer = admin.get("/api/mail/users/" + user.userId() + "/mailboxes?tenant=" + user.tenant());
        if (answer.status() != 200) {
            return -1;
        }
        long sum = 0;
        for (var mailbox : answer.json()) {
            sum += mailbox.path("messages").asLong();
        }
        return sum;
    }

    /**
     * Runs sieve-connect as {@code user} against a ManageSieve port and returns its output, asserting
     * it succeeded. The password comes on stdin ({@code --passwordfd 0}); {@code --notlsverify} lets
     * it use the plaintext channel the server offers (no STARTTLS without TLS material), where the
     * server allows PLAIN because the client is on loopback.
     */
    private static String sieveConnect(int port, Tenants.Account user, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of("sieve-connect", "--server", "127.0.0.1", "--port",
                String.valueOf(port), "--user", user.address(), "--passwordfd", "0", "--notlsverify",
                "--authmech", "PLAIN"));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((user.password() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished:%n%s", command, output).isTrue();
        assertThat(p.exitValue()).as("sieve-connect %s:%n%s", List.of(action), output).isZero();
        return output;
    }

    private static boolean sieveConnectInstalled() {
        if (!CommandLine.installed("sieve-connect")) {
            return false;
        }
        // installed but unusable (a Perl module missing) counts as missing
        return CommandLine.run(List.of("sieve-connect", "--help")).exitCode() == 0;
    }
}
