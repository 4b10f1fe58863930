package org.mailplatform.delivery;

import org.mailplatform.teststack.ActuatorContract;
import org.mailplatform.delivery.support.DeliveryTestBeans;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + DeliveryServiceApplication.NAME, "mail.s3.bucket=delivery-actuator",
                "mail.s3.create-bucket=true", "spring.mongodb.database=delivery-actuator",
                "mail.delivery.instance-id=actuator-test", "mail.delivery.topics.inbound=actuator.inbound",
                "mail.delivery.topics.local=actuator.local", "mail.delivery.topics.outbound=actuator.outbound",
                "mail.delivery.topics.retry=actuator.retry", "mail.delivery.topics.dlq=actuator.dlq"})
@WithTestStack
@Import(DeliveryTestBeans.class)
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
