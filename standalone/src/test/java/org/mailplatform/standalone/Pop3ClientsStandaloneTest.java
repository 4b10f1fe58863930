package org.mailplatform.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's acceptance: fetchmail (with and without {@code --keep}) and Python's poplib retrieve mail
 * delivered over SMTP from {@code standalone}'s POP3 port, plain on loopback. fetchmail hands every
 * message to an MDA that appends it to a file; without {@code --keep} the maildrop is empty afterwards.
 * Starting the whole platform takes a minute or more on a busy machine, so it runs only when asked
 * ({@code MAIL_SYSTEM_TESTS=1}, as {@code bench/pop3/clients.sh} does) and is skipped (JUnit
 * assumption) otherwise and where {@code fetchmail} or {@code python3} is not installed.
 */
class Pop3ClientsStandaloneTest {

    static {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    private static final String USER = "carol@example.test";
    private static final String PASSWORD = "S3cret-pass";
    private static final String END = "--- end of message ---";
    private static final List<String> SUBJECTS = List.of("pop one", "pop two", "pop three");

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void fetchmailWithAndWithoutKeepAndPoplibRetrieveTheMaildrop() throws Exception {
        assumeThat(System.getenv("MAIL_SYSTEM_TESTS")).as("MAIL_SYSTEM_TESTS=1 (starts the whole platform)").isEqualTo("1");
        assumeThat(installed("fetchmail", "--version")).as("fetchmail is installed").isTrue();
        assumeThat(installed("python3", "--version")).as("python3 is installed").isTrue();
        StandaloneConfig.Ports ports = new StandaloneConfig.Ports(free(), free(), free(), free(), free(), free(), free(), free());
        try (Platform platform = Platform.start(new StandaloneConfig(dataDir, "127.0.0.1", ports, Optional.empty()))) {
            createUser(platform);
            for (String subject : SUBJECTS) {
                send(ports.smtp(), subject);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> poplib(ports.pop3(), true).contains("\"count\": 3"));

            String kept = poplib(ports.pop3(), true);
            assertThat(kept).contains("+OK Bye (0 messages deleted)");
            for (String subject : SUBJECTS) {
                assertThat(kept).contains("\"" + subject + "\"");
            }
            assertThat(octets(kept, "size")).as("STAT size equals the octets received").isEqualTo(octets(kept, "octets"));

            List<String> fetched = fetchmail(ports.pop3(), true);
            assertThat(fetched).hasSize(3);
            assertDelivered(fetched);
            assertThat(poplib(ports.pop3(), true)).as("--keep left the maildrop as it was").contains("\"count\": 3");

            List<String> fetchedAndDeleted = fetchmail(ports.pop3(), false);
            assertThat(fetchedAndDeleted).hasSize(6); // the MDA appends: 3 from --keep, 3 now
            assertDelivered(fetchedAndDeleted.subList(3, 6));
            assertThat(poplib(ports.pop3(), true)).as("without --keep the maildrop is empty").contains("\"count\": 0");

            send(ports.smtp(), "pop four");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> poplib(ports.pop3(), true).contains("\"count\": 1"));
            assertThat(poplib(ports.pop3(), false)).contains("\"pop four\"", "+OK Bye (1 messages deleted)");
            assertThat(poplib(ports.pop3(), true)).as("poplib's DELE removed it").contains("\"count\": 0");
        }
    }

    private static void assertDelivered(List<String> messages) {
        for (int i = 0; i < SUBJECTS.size(); i++) {
            String m = messages.get(i);
            assertThat(m).contains("Subject: " + SUBJECTS.get(i), "\n.leading dot survives\n", "last line");
        }
    }

    /** Runs fetchmail once over plain POP3 on loopback; returns everything its MDA has written so far, message by message. */
    private List<String> fetchmail(int port, boolean keep) throws Exception {
        Path rc = work.resolve("fetchmailrc");
        Files.writeString(rc, "set no syslog\npoll 127.0.0.1 with proto POP3 port " + port + " timeout 30\n"
                + "  user \"" + USER + "\" there with password \"" + PASSWORD + "\" is \"root\" here\n"
                + "  options fetchall sslproto ''\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Path mda = work.resolve("mda.sh");
        Path mailbox = work.resolve("delivered");
        Files.writeString(mda, "#!/bin/sh\ncat >> '" + mailbox + "'\necho '" + END + "' >> '" + mailbox + "'\n");
        Files.setPosixFilePermissions(mda, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new ArrayList<>(List.of("fetchmail", "-N", "-d0", "-f", rc.toString(),
                "-i", work.resolve("fetchids").toString(), "--mda", mda.toString()));
        if (keep) {
            command.add("--keep");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("fetchmail finished").isTrue();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        String all = Files.readString(mailbox, StandardCharsets.ISO_8859_1);
        List<String> messages = new ArrayList<>(List.of(all.split(Pattern.quote(END + "\n"))));
        messages.removeIf(String::isBlank);
        return messages;
    }

    /** Runs poplib_retrieve.py: retrieves (and unless {@code keep} deletes) everything; returns its JSON. */
    private String poplib(int port, boolean keep) throws Exception {
        Path script = Path.of(getClass().getResource("/clients/poplib_retrieve.py").toURI());
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(port), USER, PASSWORD);
        if (keep) {
            pb.command().add("--keep");
        }
        Process p = pb.redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("poplib finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static long octets(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void send(int port, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("dave@remote.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject(subject);
        message.setText("first line\n.leading dot survives\nlast line\n");
        Transport.send(message);
    }

    private void createUser(Platform platform) throws Exception {
        String admin = Files.readString(dataDir.resolve("admin-password")).strip();
        String gateway = "http://127.0.0.1:" + platform.httpPort("gateway");
        Matcher token = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(
                post(gateway + "/api/admin/token", null, "{\"username\":\"admin\",\"password\":\"" + admin + "\"}"));
        assertThat(token.find()).isTrue();
        post(gateway + "/api/admin/domains", token.group(1), "{\"name\":\"example.test\"}");
        post(gateway + "/api/admin/users", token.group(1), "{\"address\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    private static String post(String url, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s -> %s", url, response.body()).isBetween(200, 299);
            return response.body();
        }
    }

    private static boolean installed(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Below the kernel's ephemeral range: no client socket takes it before the service binds it. */
    private static int free() {
        return InternalPorts.pick();
    }
}
