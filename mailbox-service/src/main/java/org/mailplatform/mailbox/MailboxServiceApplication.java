package org.mailplatform.mailbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Mailbox REST service of the mail platform: REST API over mailboxes and messages, quota accounting, blob garbage collection and retention.
 *
 * <p>Its configuration file is {@code mailbox-service.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class MailboxServiceApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "mailbox-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(MailboxServiceApplication.class).properties("spring.config.name=" + NAME);
    }
}
