package org.mailplatform.teststack;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link ActuatorContract} for a service started by {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)}: a service's test only extends it and names its configuration.
 */
public abstract class ServiceActuatorTest implements ActuatorContract {

    @LocalServerPort
    private int port;

    @Value("${spring.application.name}")
    private String applicationName;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return applicationName;
    }
}
