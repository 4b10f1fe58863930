package org.mailplatform.pop3.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Gives a test context the {@link TestDirectory} as its {@code Directory}. */
@TestConfiguration(proxyBeanMethods = false)
public class TestDirectoryConfiguration {

    @Bean
    @Primary
    TestDirectory testDirectory() {
        return new TestDirectory();
    }
}
