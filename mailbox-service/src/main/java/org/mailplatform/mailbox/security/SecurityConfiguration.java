package org.mailplatform.mailbox.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-token checking for the REST API (actuator endpoints stay open for probes, and the API's
 * own OpenAPI document is public so the gateway can merge it without a token).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityConfiguration implements WebMvcConfigurer {

    /** Served from {@code static/api/mail/openapi.yaml}. */
    public static final String OPENAPI_DOCUMENT = "/api/mail/openapi.yaml";

    private final TokenVerifier verifier;

    public SecurityConfiguration(JwtProperties properties) {
        this.verifier = new TokenVerifier(properties);
    }

    @Bean
    TokenVerifier tokenVerifier() {
        return verifier;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerTokenInterceptor(verifier)).addPathPatterns("/api/mail/**")
                .excludePathPatterns(OPENAPI_DOCUMENT);
    }
}
