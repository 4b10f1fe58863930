package org.mailplatform.smtp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * SMTP intake service of the mail platform: sMTP intake on the MX, submission and SMTPS ports, into S3 and Kafka.
 *
 * <p>Its configuration file is {@code smtp-ingress.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class SmtpIngressApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "smtp-ingress";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(SmtpIngressApplication.class).properties("spring.config.name=" + NAME);
    }
}
