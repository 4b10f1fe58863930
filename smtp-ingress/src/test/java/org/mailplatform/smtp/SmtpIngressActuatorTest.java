package org.mailplatform.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mailplatform.smtp.config.SmtpListeners;
import org.mailplatform.teststack.ActuatorContract;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + SmtpIngressApplication.NAME, "mail.smtp.mx-port=0",
                "mail.smtp.submission-port=0", "mail.smtp.smtps-port=0", "mail.smtp.bind-address=127.0.0.1",
                "mail.smtp.hostname=mx.spring.example", "mail.s3.bucket=smtp-actuator-test"})
class SmtpIngressActuatorTest implements ActuatorContract {

    @LocalServerPort
    int port;

    @Autowired
    SmtpListeners listeners;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return SmtpIngressApplication.NAME;
    }

    @Test
    void listenersAreBoundAndReportTheirPorts() {
        assertThat(listeners.bound()).extracting(b -> b.listener().name()).containsExactly("mx", "submission");
        assertThat(listeners.port("mx")).isPositive();
        assertThat(listeners.port("smtps")).isEqualTo(-1); // no certificate configured
    }

    @Test
    void mxGreetsAndAnswersTemporarilyWhileNoDirectoryAnswers() throws Exception {
        try (Socket s = new Socket("127.0.0.1", listeners.port("mx"))) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).isEqualTo("220 mx.spring.example ESMTP ready");
            out.write("HELO c.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<someone@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).isEqualTo("250 2.1.0 Ok");
            assertThat(in.readLine()).startsWith("451 4.4.3");
        }
    }
}
