package org.mailplatform.gateway.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Fetches every API's OpenAPI document (non-blocking, concurrently), merges them and caches the
 * result. A source that fails is left out and named in {@code x-unavailable-apis}; only when all
 * fail is there no document.
 */
final class OpenApiAggregator {

    private static final Logger log = LoggerFactory.getLogger(OpenApiAggregator.class);

    private final OpenApiProperties properties;
    private final String version;
    private final WebClient web;
    private final Mono<String> cached;

    OpenApiAggregator(OpenApiProperties properties, String version) {
        this.properties = properties;
        this.version = version;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.timeout().toMillis())
                .responseTimeout(properties.timeout());
        this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        this.cached = Mono.defer(this::build).cache(doc -> properties.cacheTtl(), error -> java.time.Duration.ZERO,
                () -> java.time.Duration.ZERO);
    }

    /** The merged document as YAML; empty when no source answered. */
    Mono<String> document() {
        return cached;
    }

    private Mono<String> build() {
        List<String> names = List.copyOf(properties.sources().keySet());
        return Flux.fromIterable(names)
                .flatMapSequential(name -> fetch(name).map(doc -> Map.entry(name, doc))
                        .onErrorResume(e -> {
                            log.warn("OpenAPI document of {} unavailable: {}", name, e.toString());
                            return Mono.empty();
                        }))
                .collectList()
                .flatMap(fetched -> {
                    if (fetched.isEmpty()) {
                        return Mono.empty();
                    }
                    Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
                    fetched.forEach(e -> documents.put(e.getKey(), e.getValue()));
                    List<String> unavailable = new ArrayList<>(names);
                    unavailable.removeAll(documents.keySet());
                    return Mono.just(dump(OpenApiMerger.merge(documents, unavailable, version)));
                });
    }

    private Mono<Map<String, Object>> fetch(String name) {
        return web.get().uri(properties.sources().get(name)).retrieve().bodyToMono(String.class)
                .timeout(properties.timeout())
                .map(OpenApiAggregator::parse);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("openapi") || !map.containsKey("paths")) {
            throw new IllegalArgumentException("not an OpenAPI document");
        }
        return (Map<String, Object>) map;
    }

    static String dump(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setPrettyFlow(true);
        return new Yaml(new Representer(options), options).dump(document);
    }
}
