package org.mailplatform.directory.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailplatform.directory.client.autoconfigure.DirectoryClientAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class DirectoryClientAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DirectoryClientAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void directoryIsBuiltFromProperties() {
        runner.withPropertyValues("mail.directory.base-url=http://127.0.0.1:1", "mail.directory.service-token=t",
                "mail.directory.resolve-timeout=700ms", "mail.directory.negative-cache-ttl=3s").run(context -> {
                    assertThat(context).hasSingleBean(Directory.class);
                    assertThat(context).hasSingleBean(DirectoryQuotas.class);
                    assertThat(context.getBean(DkimKeys.class)).isSameAs(context.getBean(Directory.class));
                    assertThat(context.getBean(MeterRegistry.class).find("resilience4j.circuitbreaker.state").gauges())
                            .isNotEmpty();
                });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("mail.directory.base-url=http://127.0.0.1:1", "mail.directory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Directory.class));
    }

    @Test
    void noBaseUrlNoDirectory() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Directory.class));
    }
}
