package org.mailplatform.auth.admin;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts admin authentication in front of the admin API. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfig implements WebMvcConfigurer {

    /** Reachable without a token: how to get one, how to check one, and the API description. */
    static final List<String> PUBLIC_PATHS = List.of("/api/admin/token", "/api/admin/jwks", "/api/admin/openapi.yaml");

    private final AdminTokens tokens;

    AdminWebConfig(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminAuthInterceptor(tokens)).addPathPatterns("/api/admin/**")
                .excludePathPatterns(PUBLIC_PATHS);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AdminCallerArgumentResolver());
    }
}
