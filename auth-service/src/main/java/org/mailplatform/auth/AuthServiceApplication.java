package org.mailplatform.auth;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Directory and authentication service of the mail platform: tenants, domains, users, aliases, credentials and quota settings; issues admin JWTs.
 *
 * <p>Its configuration file is {@code auth-service.yml} (not {@code application.yml}), so that every
 * service keeps its own settings when {@code standalone} runs them all in one JVM.
 */
@SpringBootApplication
public class AuthServiceApplication {

    /** The service's name: its {@code spring.application.name} and configuration file name. */
    public static final String NAME = "auth-service";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** The application as {@code main} and {@code standalone} start it. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AuthServiceApplication.class).properties("spring.config.name=" + NAME);
    }
}
