package org.mailplatform.imap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * IMAP service of the mail platform: iMAP4rev2 and IMAP4rev1 access to mailboxes.
 *
 * <p>Its configuration file is {@code imap-service.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class ImapServiceApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "imap-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ImapServiceApplication.class).properties("spring.config.name=" + NAME);
    }
}
