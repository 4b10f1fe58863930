package org.mailplatform.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Gateway of the mail platform: the one public HTTP entry, routing the admin and mailbox REST APIs to their services.
 *
 * <p>Its configuration file is {@code gateway.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "gateway";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=" + NAME)
                // reactive even when a servlet container is on the classpath (as in standalone)
                .web(org.springframework.boot.WebApplicationType.REACTIVE);
    }
}
