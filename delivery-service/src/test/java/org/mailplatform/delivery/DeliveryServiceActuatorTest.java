package org.mailplatform.delivery;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.teststack.ActuatorContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

class DeliveryServiceActuatorTest extends DeliveryServiceContext implements ActuatorContract {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return DeliveryServiceApplication.NAME;
    }

    /** One message routed and delivered to a local mailbox. */
    @Override
    public void exerciseForMetrics() throws Exception {
        enqueue(newUser(), Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> meters.find("mail.delivery.local").counter() != null);
    }
}
