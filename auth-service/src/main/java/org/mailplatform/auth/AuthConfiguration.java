package org.mailplatform.auth;

import java.time.Clock;

import org.mailplatform.auth.admin.JwtProperties;
import org.mailplatform.auth.login.PasswordProperties;
import org.mailplatform.auth.srs.SrsProperties;
import org.mailplatform.auth.submission.SubmissionLimitProperties;
import org.mailplatform.auth.throttle.LoginThrottle;
import org.mailplatform.auth.throttle.ThrottleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AuthProperties.class, PasswordProperties.class, ThrottleProperties.class,
        JwtProperties.class, SrsProperties.class, SubmissionLimitProperties.class })
class AuthConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LoginThrottle loginThrottle(ThrottleProperties properties, Clock clock, MeterRegistry meters) {
        return new LoginThrottle(properties, clock, meters);
    }
}
