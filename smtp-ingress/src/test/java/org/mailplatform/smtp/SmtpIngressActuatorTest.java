package org.mailplatform.smtp;

import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + SmtpIngressApplication.NAME)
class SmtpIngressActuatorTest implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return SmtpIngressApplication.NAME;
    }
}
