package org.mailplatform.mailbox;

import org.mailplatform.teststack.ActuatorContract;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-actuator",
                "spring.mongodb.database=mailbox_actuator"})
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
