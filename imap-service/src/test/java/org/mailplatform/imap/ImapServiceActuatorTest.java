package org.mailplatform.imap;

import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ImapServiceApplication.NAME)
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
