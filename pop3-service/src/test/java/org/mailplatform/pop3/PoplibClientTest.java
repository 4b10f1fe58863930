package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mailplatform.pop3.support.Users;

/** Python's poplib as a second real client (the acceptance client), when python3 is installed. */
class PoplibClientTest extends Pop3ServiceTestBase {

    private static final String M1 = "From: a@example.org\r\nSubject: one\r\n\r\n.starts with a dot\r\nbody\r\n";
    private static final String M2 = "From: b@example.org\r\nSubject: two\r\n\r\nsecond\r\n";

    @Test
    void retrievesEverythingOverStlsAndDeletesTheFirst() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        String out = runPoplib(user, false);
        assertThat(out).contains("\"count\": 2", "\"STLS\"", "\"UIDL\"", "\"RESP-CODES\"", "+OK Bye (1 messages deleted)")
                .contains(sha256(M1), sha256(M2))
                .contains(user.messages().get(0).uidValidity() + "." + user.messages().get(0).uid());
        assertThat(store.uids(user.principal(), "INBOX")).containsExactly(user.messages().get(1).uid());
    }

    @Test
    void keepLeavesTheMaildropAsItWas() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        assertThat(runPoplib(user, true)).contains("\"count\": 2", "+OK Bye (0 messages deleted)");
        assertThat(store.uids(user.principal(), "INBOX")).hasSize(2);
    }

    private String runPoplib(Users.TestUser user, boolean keep) throws Exception {
        assumeThat(python()).as("python3 is installed").isTrue();
        Path script = Path.of(getClass().getResource("/clients/poplib_session.py").toURI());
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(port()),
                user.login(), Users.PASSWORD);
        if (keep) {
            pb.command().add("--keep");
        }
        Process p = pb.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("poplib finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String sha256(String message) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.US_ASCII)));
    }
}
