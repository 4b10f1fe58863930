package org.mailplatform.imap.managesieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.imap.ImapServerTestBase;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Debian's {@code sieve-connect}, a real ManageSieve client (Perl, Authen::SASL, IO::Socket::SSL),
 * against the server: STARTTLS, AUTHENTICATE PLAIN, a literal upload, activate, list, download, a
 * bad script refused with the compiler's message, delete. Skipped, saying so, where it is not
 * installed ({@code .ci/run} installs it).
 */
class SieveConnectClientTest extends ImapServerTestBase {

    private static final String SCRIPT = """
            require ["fileinto", "reject"];
            # from the sieve-connect test: a comment, "quotes" and a non-ASCII character: é
            if header :contains "Subject" "[list]" {
                fileinto "Lists";
            } elsif size :over 1M {
                reject "too big";
            }
            """;

    @Autowired
    SieveScripts scripts;
    @TempDir
    Path dir;

    private static boolean installed() {
        try {
            Process p = new ProcessBuilder("sieve-connect", "--help").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private record Result(int exit, String output) {
    }

    private Result sieveConnect(String login, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of("sieve-connect", "--server", "127.0.0.1", "--port",
                String.valueOf(manageSievePort()), "--user", login, "--passwordfd", "0", "--notlsverify",
                "--authmech", "PLAIN"));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("pw\n".getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished:%n%s", command, output).isTrue();
        return new Result(p.exitValue(), output);
    }

    private Result ok(String login, String... action) throws Exception {
        Result r = sieveConnect(login, action);
        assertThat(r.exit()).as("sieve-connect %s:%n%s", List.of(action), r.output()).isZero();
        return r;
    }

    @Test
    void uploadsActivatesListsDownloadsRefusesABadScriptAndDeletes() throws Exception {
        assumeTrue(installed(), "sieve-connect is not installed");
        String login = "sc-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        Principal principal = new Principal("t1", "u-" + login, login);
        Path local = dir.resolve("filters.sieve");
        Files.writeString(local, SCRIPT, StandardCharsets.UTF_8);

        ok(login, "--upload", "--localsieve", local.toString(), "--remotesieve", "filters");
        ok(login, "--activate", "--remotesieve", "filters");
        assertThat(scripts.get(principal, "filters")).map(SieveScript::content).contains(SCRIPT);
        assertThat(scripts.active(principal)).map(SieveScript::name).contains("filters");

        assertThat(ok(login, "--list").output()).contains("filters");
        Path back = dir.resolve("back.sieve");
        ok(login, "--download", "--remotesieve", "filters", "--localsieve", back.toString());
        assertThat(Files.readString(back, StandardCharsets.UTF_8)).isEqualTo(SCRIPT);

        String bad = "require \"fileinto\";\nif header :is \"Subject\" \"x\" {\n  frobnicate;\n}\n";
        String problem = new SieveCompiler().problem(bad).orElseThrow();
        Path badFile = dir.resolve("bad.sieve");
        Files.writeString(badFile, bad, StandardCharsets.UTF_8);
        Result refused = sieveConnect(login, "--upload", "--localsieve", badFile.toString(), "--remotesieve", "bad");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains(problem);
        assertThat(scripts.get(principal, "bad")).isEmpty();

        ok(login, "--deactivate");
        ok(login, "--delete", "--remotesieve", "filters");
        assertThat(scripts.list(principal)).isEmpty();
    }
}
