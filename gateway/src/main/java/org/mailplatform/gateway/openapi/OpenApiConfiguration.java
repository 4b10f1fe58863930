package org.mailplatform.gateway.openapi;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.mailplatform.gateway.problem.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Serves the merged OpenAPI document of the public API at {@code /api/openapi.yaml}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PATH = "/api/openapi.yaml";

    @Bean
    RouterFunction<ServerResponse> mergedOpenApi(OpenApiProperties properties, Problems problems,
            ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
        OpenApiAggregator aggregator = new OpenApiAggregator(properties, version);
        return RouterFunctions.route(GET(PATH), request -> aggregator.document()
                .flatMap(yaml -> ServerResponse.ok().contentType(MediaType.parseMediaType("application/yaml")).bodyValue(yaml))
                .switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .bodyValue(problems.describe(HttpStatus.SERVICE_UNAVAILABLE, "openapi_unavailable",
                                "no API description could be fetched; retry later", PATH)))));
    }
}
