package org.mailplatform.imap;

import org.mailplatform.teststack.ActuatorContract;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ImapServiceApplication.NAME, "mail.imap.port=0", "mail.imap.imaps-port=-1",
                "mail.directory.base-url=http://127.0.0.1:9",
                "spring.mongodb.database=imap_actuator", "mail.s3.bucket=imap-actuator"})
class ImapServiceActuatorTest implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return ImapServiceApplication.NAME;
    }
}
