package org.mailplatform.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first steps through the whole platform in one JVM: an admin creates a domain, a
 * user and an alias through the gateway; mail sent to the MX port for the user and the alias
 * lands in the user's INBOX and is read over POP3 and IMAP with real clients and over the mail REST
 * API with the user's own token; the mail queues are shown through the gateway's queue route.
 */
class StandaloneEndToEndTest {

    static {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    private static final String PASSWORD = "S3cret-pass";

    @TempDir
    Path dataDir;

    @Test
    void mailToAUserAndToAnAliasIsReadOverPop3AndImap() throws Exception {
        StandaloneConfig.Ports ports = new StandaloneConfig.Ports(free(), free(), free(), free(), free(), free(), free(), free());
        StandaloneConfig config = new StandaloneConfig(dataDir, "127.0.0.1", ports, Optional.empty());
        try (Platform platform = Platform.start(config)) {
            String admin = Files.readString(dataDir.resolve("admin-password")).strip();
            String gateway = "http://127.0.0.1:" + platform.httpPort("gateway");
            String token = token(post(gateway + "/api/admin/token", null,
                    "{\"username\":\"admin\",\"password\":\"" + admin + "\"}"));
            post(gateway + "/api/admin/domains", token, "{\"name\":\"example.test\"}");
            post(gateway + "/api/admin/users", token,
                    "{\"address\":\"alice@example.test\",\"password\":\"" + PASSWORD + "\"}");
            post(gateway + "/api/admin/aliases", token,
                    "{\"address\":\"team@example.test\",\"targets\":[\"alice@example.test\"]}");

            send(ports.smtp(), "alice@example.test", "first message");
            send(ports.smtp(), "team@example.test", "to the team");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> subjects("pop3", ports.pop3()).length == 2);
            assertThat(subjects("pop3", ports.pop3())).containsExactlyInAnyOrder("first message", "to the team");
            assertThat(subjects("imap", ports.imap())).containsExactlyInAnyOrder("first message", "to the team");

            // alice's own token for the mail REST API, through the gateway: her INBOX with both messages
            String aliceToken = token(post(gateway + "/api/auth/token", null,
                    "{\"username\":\"alice@example.test\",\"password\":\"" + PASSWORD + "\"}"));
            assertThat(get(gateway + "/api/mail/mailboxes", aliceToken)).contains("\"name\":\"INBOX\"", "\"messages\":2");

            // mailctl queue's API through the gateway: delivery-service checks the token against auth-service's keys
            assertThat(get(gateway + "/api/admin/queue", token)).contains("\"queue\":\"dlq\"", "\"queue\":\"retry\"");

            // the merged OpenAPI document has all three APIs, none left out (a source that was slow
            // to answer on a busy machine is left out of one cached copy, hence the wait)
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(get(gateway + "/api/openapi.yaml", token))
                            .contains("/api/admin/users", "/api/mail/mailboxes", "/api/admin/queue/dlq/{id}/replay")
                            .doesNotContain("x-unavailable-apis"));
        }
    }

    private static void send(int port, String to, String subject) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("bob@remote.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("hello from the end-to-end test\n");
        Transport.send(message);
    }

    private static String[] subjects(String protocol, int port) throws Exception {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", String.valueOf(port));
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect("127.0.0.1", port, "alice@example.test", PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] messages = inbox.getMessages();
                String[] subjects = new String[messages.length];
                for (int i = 0; i < messages.length; i++) {
                    subjects[i] = messages[i].getSubject();
                }
                return subjects;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
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

    private static String get(String url, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer).GET()
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s -> %s", url, response.body()).isEqualTo(200);
            return response.body();
        }
    }

    private static String token(String body) {
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    /** Below the kernel's ephemeral range: no client socket takes it before the service binds it. */
    private static int free() {
        return InternalPorts.pick();
    }
}
