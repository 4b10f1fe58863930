package org.mailplatform.gateway.limit;

import java.util.concurrent.atomic.AtomicLong;

import org.mailplatform.gateway.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies above the limit: at once when Content-Length says so, and while
 * streaming when the body comes chunked, so nothing larger ever reaches a service.
 */
public final class RequestSizeFilter implements WebFilter, Ordered {

    /** First of the gateway's filters: cheapest refusal first. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final long maxBytes;
    private final Problems problems;

    RequestSizeFilter(LimitProperties limits, Problems problems) {
        this.maxBytes = limits.maxRequestBody().toBytes();
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(new RequestBodyTooLargeException(maxBytes));
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(RequestBodyTooLargeException.class, e -> tooLarge(exchange));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, "request_too_large",
                "the request body is larger than " + maxBytes + " bytes");
    }
}
