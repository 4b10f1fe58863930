package org.mailplatform.pop3;

import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.web.server.LocalServerPort;

class Pop3ServiceActuatorTest extends Pop3ServiceTestBase implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return Pop3ServiceApplication.NAME;
    }
}
