package org.mailplatform.gateway.limit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.gateway.problem.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request size and per-client rate limits. */
@Configuration(proxyBeanMethods = false)
class LimitConfiguration {

    @Bean
    RequestSizeFilter requestSizeFilter(LimitProperties limits, Problems problems) {
        return new RequestSizeFilter(limits, problems);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "mail.gateway.limits.rate-limit-enabled", matchIfMissing = true)
    RateLimitFilter rateLimitFilter(LimitProperties limits, Problems problems, MeterRegistry registry) {
        ClientRateLimiter limiter = new ClientRateLimiter(limits, System::nanoTime);
        Gauge.builder("mail.gateway.rate.limit.clients", limiter, ClientRateLimiter::trackedClients)
                .description("Clients the gateway's rate limiter currently tracks").register(registry);
        return new RateLimitFilter(limiter, problems);
    }
}
