package org.mailplatform.pop3;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * POP3 service of the mail platform: pOP3 access to the INBOX.
 *
 * <p>Its configuration file is {@code pop3-service.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class Pop3ServiceApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "pop3-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(Pop3ServiceApplication.class).properties("spring.config.name=" + NAME);
    }
}
