package org.mailplatform.gateway.security;

import java.time.Clock;

import org.mailplatform.gateway.problem.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Bearer token checking on {@code /api/**}. */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    JwtAuthenticationFilter jwtAuthenticationFilter(JwtProperties properties, Problems problems) {
        JwksSource keys = new JwksSource(properties, Clock.systemUTC());
        return new JwtAuthenticationFilter(new JwtVerifier(keys, properties), properties, problems);
    }
}
