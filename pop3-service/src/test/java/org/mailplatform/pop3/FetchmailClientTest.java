package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.pop3.support.Users;

/**
 * fetchmail (the acceptance client) fetching into a BSMTP file, with and without
 * {@code --keep}, when it is installed (Debian package {@code fetchmail}).
 */
class FetchmailClientTest extends Pop3ServiceTestBase {

    private static final String M1 = "From: a@example.org\r\nSubject: fetch one\r\nMessage-ID: <f1@example.org>\r\n\r\n.dot\r\nbody one\r\n";
    private static final String M2 = "From: b@example.org\r\nSubject: fetch two\r\nMessage-ID: <f2@example.org>\r\n\r\nbody two\r\n";

    @TempDir
    Path dir;

    @Test
    void fetchesAllAndDeletesThem() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        String mail = fetch(user, false);
        assertThat(mail).contains("Subject: fetch one", "Subject: fetch two", "body two");
        assertThat(store.uids(user.principal(), "INBOX")).isEmpty();
    }

    @Test
    void keepLeavesTheMessagesOnTheServer() throws Exception {
        Users.TestUser user = users().create(M1, M2);
        assertThat(fetch(user, true)).contains("Subject: fetch one", "Subject: fetch two");
        assertThat(store.uids(user.principal(), "INBOX")).hasSize(2);
    }

    private String fetch(Users.TestUser user, boolean keep) throws Exception {
        assumeThat(installed()).as("fetchmail is installed").isTrue();
        Path rc = dir.resolve("fetchmailrc");
        Files.writeString(rc, "poll 127.0.0.1 with proto POP3 port " + port() + "\n  user \"" + user.login()
                + "\" there with password \"" + Users.PASSWORD + "\" is \"root\" here options fetchall\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Path bsmtp = dir.resolve("mail.bsmtp");
        List<String> command = new ArrayList<>(List.of("fetchmail", "--nosyslog", "-N", "-d0", "-f", rc.toString(),
                "-i", dir.resolve("ids").toString(), "--bsmtp", bsmtp.toString(), "--nosslcertck"));
        if (keep) {
            command.add("-k");
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fetchmail finished").isTrue();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        return Files.readString(bsmtp, StandardCharsets.ISO_8859_1);
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("fetchmail", "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
