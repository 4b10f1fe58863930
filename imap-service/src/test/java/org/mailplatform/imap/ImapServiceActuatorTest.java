package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.mailplatform.imap.config.ImapServer;
import org.mailplatform.teststack.ServiceActuatorTest;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ImapServiceApplication.NAME, "mail.imap.port=0", "mail.imap.imaps-port=-1",
                "spring.mongodb.database=imap_actuator", "mail.s3.bucket=imap-actuator"})
@Import(ImapTestConfiguration.class)
class ImapServiceActuatorTest extends ServiceActuatorTest {

    @Autowired
    ImapServer server;

    /** One session: login, select, logout. */
    @Override
    public void exerciseForMetrics() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port("imap"))) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            assertThat(command(in, out, "a LOGIN alice@example.com secret")).startsWith("a OK");
            assertThat(command(in, out, "b SELECT INBOX")).startsWith("b OK");
            assertThat(command(in, out, "c LOGOUT")).startsWith("c OK");
        }
    }

    private static String command(BufferedReader in, OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String tag = line.substring(0, line.indexOf(' ') + 1);
        String reply;
        do {
            reply = in.readLine();
        } while (reply != null && !reply.startsWith(tag));
        return reply;
    }
}
