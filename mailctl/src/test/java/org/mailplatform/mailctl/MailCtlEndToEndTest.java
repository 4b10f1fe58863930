package org.mailplatform.mailctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.auth.AuthServiceApplication;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/** mailctl against a running auth-service (on the test-stack MongoDB), as an operator uses it. */
@WithTestStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailCtlEndToEndTest {

    static final String ADMIN_PASSWORD = "mailctl-admin-pass";

    ConfigurableApplicationContext authService;
    String url;

    /** What one mailctl run printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            return AdminClient.JSON.readTree(out);
        }
    }

    @BeforeAll
    void startAuthService(BackendEndpoints backends) {
        authService = AuthServiceApplication.builder().run("--server.port=0",
                "--spring.mongodb.uri=" + backends.mongoUri(), "--spring.mongodb.database=mailctl_test",
                "--mail.auth.admin-password=" + ADMIN_PASSWORD, "--mail.auth.password.argon2-memory-kib=1024",
                "--mail.auth.throttle.failure-delay=5ms", "--mail.auth.throttle.max-failure-delay=20ms");
        url = "http://127.0.0.1:" + ((WebServerApplicationContext) authService).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        authService.close();
    }

    Run mailctl(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine(new MailCtl(env));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = url;
        return new Run(line.execute(withUrl), out.toString(), err.toString());
    }

    Run mailctl(String... args) {
        return mailctl(Map.of("MAIL_ADMIN_PASSWORD", ADMIN_PASSWORD), args);
    }

    @Test
    void theDoneWhenScenario() {
        assertThat(mailctl("domain", "add", "example.test").exit()).isZero();
        Run add = mailctl("user", "add", "alice@example.test", "--password", "S3cret-pass");
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(add.out()).contains("alice@example.test").contains("ACTIVE");
        Run list = mailctl("user", "list", "--output", "json");
        assertThat(list.exit()).isZero();
        assertThat(list.json().findValuesAsString("address")).contains("alice@example.test");
        Run table = mailctl("user", "list");
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("ADDRESS").contains("STATE");
    }

    @Test
    void errorsExitNonZeroWithTheServersMessage() {
        mailctl("domain", "add", "dup.test");
        Run dup = mailctl("domain", "add", "dup.test");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).contains("already exists").contains("409");
        Run invalid = mailctl("user", "add", "not-an-address", "--password", "S3cret-pass");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("400");
        Run unknown = mailctl("user", "add", "x@unknown-domain.test", "--password", "S3cret-pass");
        assertThat(unknown.err()).contains("no domain unknown-domain.test").contains("404");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        Run none = mailctl(Map.of(), "domain", "list");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("MAIL_ADMIN_PASSWORD");
        Path file = Files.writeString(dir.resolve("pw"), ADMIN_PASSWORD + "\n");
        assertThat(mailctl(Map.of(), "domain", "list", "--password-file", file.toString()).exit()).isZero();
        Run wrong = mailctl(Map.of("MAIL_ADMIN_PASSWORD", "wrong-password"), "domain", "list");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("bad credentials").contains("401");
    }

    @Test
    void everySubcommandHasHelp() {
        Run help = mailctl("user", "add", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--password-hash");
    }

    @Test
    void unreachableServerExitsThree() {
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine(new MailCtl(Map.of("MAIL_ADMIN_PASSWORD", "x")));
        line.setErr(new PrintWriter(err, true));
        assertThat(line.execute("domain", "list", "--url", "http://127.0.0.1:1")).isEqualTo(3);
        assertThat(err.toString()).contains("cannot reach");
    }

    @Test
    void dkimKeysAreGeneratedPublishedActivatedAndRemoved() {
        assertThat(mailctl("domain", "add", "dkim-ctl.test").exit()).isZero();
        Run first = mailctl("domain", "dkim", "generate", "dkim-ctl.test", "--selector", "one");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("one").contains("true").contains("one._domainkey.dkim-ctl.test. IN TXT (")
                .contains("\"v=DKIM1; k=rsa; \"").contains("signs the domain's mail now");
        assertThat(first.out().lines().filter(line -> line.strip().startsWith("\""))
                .map(line -> line.strip().replace(" )", "")))
                .as("TXT strings of at most 255 characters").hasSizeGreaterThan(2)
                .allSatisfy(string -> assertThat(string.length() - 2).isBetween(1, 255));

        Run second = mailctl("domain", "dkim", "generate", "dkim-ctl.test", "--selector", "two", "--bits", "1024");
        assertThat(second.out()).contains("false").contains("mailctl domain dkim activate dkim-ctl.test two");
        Run json = mailctl("domain", "dkim", "generate", "dkim-ctl.test", "--selector", "three", "--activate", "-o", "json");
        assertThat(json.json().get("active").asBoolean()).isTrue();
        assertThat(mailctl("domain", "dkim", "generate", "dkim-ctl.test", "--bits", "999").err()).contains("400");

        assertThat(mailctl("domain", "dkim", "activate", "dkim-ctl.test", "two").out()).contains("two").contains("true");
        Run list = mailctl("domain", "dkim", "list", "dkim-ctl.test", "-o", "json");
        assertThat(list.json().findValuesAsString("selector")).containsExactly("two", "three", "one");
        assertThat(list.json().get(0).get("active").asBoolean()).isTrue();
        assertThat(list.out()).doesNotContainIgnoringCase("private");
        assertThat(mailctl("domain", "dkim", "list", "dkim-ctl.test").out()).startsWith("SELECTOR");

        Run ed = mailctl("domain", "dkim", "generate", "dkim-ctl.test", "--selector", "ed", "--algorithm", "ed25519");
        assertThat(ed.exit()).as(ed.err()).isZero();
        assertThat(ed.out()).contains("ed25519-sha256").contains("ed._domainkey.dkim-ctl.test. IN TXT")
                .contains("\"v=DKIM1; k=ed25519; \"").contains("mailctl domain dkim activate dkim-ctl.test ed");
        assertThat(mailctl("domain", "dkim", "activate", "dkim-ctl.test", "ed").exit()).isZero();
        assertThat(mailctl("domain", "dkim", "list", "dkim-ctl.test", "-o", "json").json().findValuesAsString("selector"))
                .as("the Ed25519 key active next to the RSA one").startsWith("ed", "two");
        assertThat(mailctl("domain", "dkim", "remove", "dkim-ctl.test", "ed").exit()).isZero();

        assertThat(mailctl("domain", "dkim", "remove", "dkim-ctl.test", "one").out()).contains("removed DKIM key one");
        Run gone = mailctl("domain", "dkim", "remove", "dkim-ctl.test", "one");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("404");
        assertThat(mailctl("domain", "dkim", "list", "dkim-ctl.test", "-o", "json").json().findValuesAsString("selector"))
                .containsExactly("two", "three");
    }

    @Test
    void everyCommandWorks() {
        assertThat(mailctl("tenant", "add", "acme", "--name", "ACME").exit()).isZero();
        assertThat(mailctl("tenant", "list").out()).contains("acme").contains("ACME");
        assertThat(mailctl("domain", "add", "acme.test", "--tenant", "acme").exit()).isZero();
        assertThat(mailctl("domain", "add", "acme.example", "--tenant", "acme", "--alias-of", "acme.test").exit()).isZero();
        assertThat(mailctl("domain", "list", "--tenant", "acme").out()).contains("acme.test").contains("acme.example");
        assertThat(mailctl("user", "add", "bob@acme.test", "--password", "S3cret-pass").exit()).isZero();
        assertThat(mailctl("user", "passwd", "bob@acme.test", "--password", "N3w-password").exit()).isZero();
        assertThat(mailctl("user", "suspend", "bob@acme.test").out()).contains("SUSPENDED");
        assertThat(mailctl("user", "resume", "bob@acme.test").out()).contains("ACTIVE");
        assertThat(mailctl("alias", "add", "team@acme.test", "bob@acme.test", "ext@remote.test").exit()).isZero();
        assertThat(mailctl("alias", "list", "--domain", "acme.test").out()).contains("team@acme.test")
                .contains("bob@acme.test,ext@remote.test");
        assertThat(mailctl("quota", "set", "bob@acme.test", "--bytes", "500M", "--messages", "1000").exit()).isZero();
        assertThat(mailctl("quota", "show", "bob@acme.test", "-o", "json").json().get("maxBytes").asLong())
                .isEqualTo(500L << 20);
        assertThat(mailctl("quota", "set", "acme.test", "--bytes", "10G").exit()).isZero();
        assertThat(mailctl("quota", "show", "acme.test").out()).contains(String.valueOf(10L << 30));
        Run app = mailctl("app-password", "add", "bob@acme.test", "phone", "--protocol", "imap,smtp", "-o", "json");
        assertThat(app.json().get("password").asString()).hasSize(29);
        assertThat(mailctl("app-password", "list", "bob@acme.test").out()).contains("phone").doesNotContain(
                app.json().get("password").asString());
        assertThat(mailctl("app-password", "revoke", "bob@acme.test", "phone").exit()).isZero();
        assertThat(mailctl("domain", "catch-all", "acme.test", "bob@acme.test").out()).contains("bob@acme.test");
        assertThat(mailctl("domain", "catch-all", "acme.test").exit()).isZero();
        assertThat(mailctl("alias", "remove", "team@acme.test").exit()).isZero();
        // auth-service alone, no mailbox-service behind this URL: only the account (MailCtlUserRemoveTest has both)
        assertThat(mailctl("user", "remove", "bob@acme.test", "--keep-mail").exit()).isZero();
        assertThat(mailctl("domain", "remove", "acme.example").exit()).isZero();
        assertThat(mailctl("domain", "remove", "acme.test").exit()).isZero();
        assertThat(mailctl("quota", "set", "x@acme.test", "--bytes", "lots").exit()).isEqualTo(2);
    }
}
