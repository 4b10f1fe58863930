package org.mailplatform.gateway.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the gateway's own refusals as RFC 9457 problem details and counts them in
 * {@code mail.gateway.rejected{reason}}, so that every answer the gateway makes up itself looks
 * alike and shows on the dashboard.
 */
public final class Problems {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPE_BASE = "https://mail-platform.org/problems/gateway/";

    private final MeterRegistry registry;

    public Problems(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Answers the exchange with a problem detail, unless the response is already on its way (then
     * only the connection can be dropped, which the server does when the error propagates).
     *
     * @param reason short machine name of the refusal, used as the type suffix and the metric tag
     */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String reason, String detail) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            count(reason);
            return Mono.error(new IllegalStateException("response committed before " + reason + ": " + detail));
        }
        byte[] bytes = JSON.writeValueAsBytes(describe(status, reason, detail, exchange.getRequest().getPath().value()));
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    /** Counts the refusal and returns its problem detail body, for handlers that build their own response. */
    public Map<String, Object> describe(HttpStatus status, String reason, String detail, String instance) {
        count(reason);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", URI.create(TYPE_BASE + reason).toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        return body;
    }

    private void count(String reason) {
        Counter.builder("mail.gateway.rejected").description("Requests the gateway answered itself instead of routing")
                .tag("reason", reason).register(registry).increment();
    }
}
