package org.mailplatform.delivery;

import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + DeliveryServiceApplication.NAME)
class DeliveryServiceActuatorTest implements ActuatorContract {

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return DeliveryServiceApplication.NAME;
    }
}
