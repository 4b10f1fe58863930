package org.mailplatform.gateway.problem;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

    @Bean
    Problems gatewayProblems(MeterRegistry registry) {
        return new Problems(registry);
    }
}
