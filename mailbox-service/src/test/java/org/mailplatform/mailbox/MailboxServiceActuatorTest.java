package org.mailplatform.mailbox;

import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + MailboxServiceApplication.NAME)
class MailboxServiceActuatorTest implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return MailboxServiceApplication.NAME;
    }
}
