package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The platform's processes with the command-line clients operators use: swaks (SMTP), curl (IMAP,
 * POP3, the admin REST API) and Python's imaplib and poplib. Each test is skipped, saying why, where
 * its tool is not installed (.ci/run installs swaks and curl from Debian when it can).
 */
class CommandLineClientsIT {

    private final PlatformProcesses platform = PlatformProcesses.shared();
    private Tenants.Account alice;

    @BeforeEach
    void user() {
        AdminApi admin = AdminApi.platformAdmin(platform);
        alice = Tenants.user(admin, Tenants.tenantWithDomain(admin, "cli"), "alice");
    }

    @Test
    void swaksSendsAndCurlReadsOverImapAndPop3() {
        assumeTrue(CommandLine.installed("swaks"), "swaks is not installed (Debian package swaks)");
        assumeTrue(CommandLine.installed("curl"), "curl is not installed (Debian package curl)");
        String messageId = MailClients.newMessageId();
        CommandLine.Result swaks = CommandLine.run(List.of("swaks", "--server", "127.0.0.1:" + platform.smtpPort(),
                "--from", "bob@remote.test", "--to", alice.address(), "--header", "Subject: from swaks",
                "--header", "Message-Id: <" + messageId + ">", "--body", "sent by swaks " + messageId));
        assertThat(swaks.exitCode()).as(swaks.output()).isZero();
        assertThat(swaks.output()).containsPattern("<-\\s+250 2\\.0\\.0 .*queued as");

        String user = alice.address() + ":" + alice.password();
        await("curl reads it over IMAP").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                CommandLine.run(List.of("curl", "-s", "--max-time", "30", "--url",
                        "imap://127.0.0.1:" + platform.imapPortB() + "/INBOX;UID=1", "--user", user)).output()
                        .contains(messageId));
        CommandLine.Result pop3 = CommandLine.run(List.of("curl", "-s", "--max-time", "30", "--url",
                "pop3://127.0.0.1:" + platform.pop3Port() + "/1", "--user", user));
        assertThat(pop3.exitCode()).as(pop3.output()).isZero();
        assertThat(pop3.output()).contains(messageId).contains("sent by swaks");
    }

    @Test
    void curlGetsAnAdminTokenAndIsRefusedWithout() {
        assumeTrue(CommandLine.installed("curl"), "curl is not installed (Debian package curl)");
        CommandLine.Result denied = CommandLine.run(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                platform.gatewayUrl() + "/api/admin/users"));
        assertThat(denied.output()).isEqualTo("401");
        CommandLine.Result token = CommandLine.run(List.of("curl", "-s", "-H", "Content-Type: application/json",
                "--data", "{\"username\":\"admin\",\"password\":\"" + platform.adminPassword() + "\"}",
                platform.gatewayUrl() + "/api/admin/token"));
        assertThat(token.output()).contains("\"access_token\"");
    }

    @Test
    void pythonImaplibAndPoplibReadTheMessage() throws Exception {
        assumeTrue(CommandLine.installed("python3"), "python3 is not installed");
        String messageId = MailClients.newMessageId();
        MailClients.sendMx(platform.smtpPort(), "bob@remote.test", alice.address(), "for python", messageId);
        Path script = Files.createTempFile("read_with_imaplib_poplib", ".py");
        try (var in = getClass().getResourceAsStream("/clients/read_with_imaplib_poplib.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            await("imaplib and poplib find it").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> CommandLine.run(List.of("python3", script.toString(), String.valueOf(platform.imapPortA()),
                            String.valueOf(platform.pop3Port()), alice.address(), alice.password(), "<" + messageId + ">"))
                            .exitCode() == 0);
        } finally {
            Files.deleteIfExists(script);
        }
    }
}
