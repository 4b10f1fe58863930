package org.mailplatform.delivery;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Delivery service of the mail platform: routes queued mail to local mailboxes or remote domains, with retries and bounces.
 *
 * <p>Its configuration file is {@code delivery-service.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class DeliveryServiceApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "delivery-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DeliveryServiceApplication.class).properties("spring.config.name=" + NAME);
    }
}
