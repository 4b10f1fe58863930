package org.mailplatform.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mailplatform.smtp.config.SmtpListeners;
import org.mailplatform.smtp.support.RawSmtp;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.ActuatorContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class SmtpIngressActuatorTest extends SmtpIngressContext implements ActuatorContract {

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

    @Override
    public void exerciseForMetrics() throws Exception {
        assertThat(RawSmtp.send(listeners.port("mx"), TestDirectory.BOB.address(), "Subject: metrics\r\n\r\nhi"))
                .startsWith("250 2.0.0");
    }

    @Test
    void listenersAreBoundAndReportTheirPorts() {
        assertThat(listeners.bound()).extracting(b -> b.listener().name()).containsExactly("mx", "submission");
        assertThat(listeners.port("mx")).isPositive();
        assertThat(listeners.port("smtps")).isEqualTo(-1); // no certificate configured
    }

    @Test
    void mxGreetsAndAnswersTemporarilyWhileTheDirectoryIsDown() throws Exception {
        try (Socket s = new Socket("127.0.0.1", listeners.port("mx"))) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).isEqualTo("220 mx.spring.example ESMTP ready");
            out.write("HELO c.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<someone@down.example>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
            assertThat(in.readLine()).isEqualTo("250 2.1.0 Ok");
            assertThat(in.readLine()).startsWith("451 4.4.3");
        }
    }
}
