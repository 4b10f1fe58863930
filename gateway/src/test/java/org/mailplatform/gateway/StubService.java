package org.mailplatform.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for a service behind the gateway: it answers every request with
 * a configurable status (and optional delay), echoing what it received, and counts the requests.
 */
final class StubService implements AutoCloseable {

    /** What the stub answers. */
    record Behaviour(int status, long delayMillis, String contentType, String body) {
        static Behaviour echo() {
            return new Behaviour(200, 0, "application/json", null);
        }

        static Behaviour status(int status) {
            return new Behaviour(status, 0, "application/json", "{\"error\":\"stub\"}");
        }

        static Behaviour slow(long millis) {
            return new Behaviour(200, millis, "application/json", null);
        }

        static Behaviour json(String body) {
            return new Behaviour(200, 0, "application/json", body);
        }
    }

    private final HttpServer server;
    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.echo());
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<com.sun.net.httpserver.Headers> lastHeaders = new AtomicReference<>();
    private final Map<String, Behaviour> byPath = new ConcurrentHashMap<>();

    StubService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void behave(Behaviour next) {
        behaviour.set(next);
    }

    /** Answers requests for exactly this path so, whatever the general behaviour. */
    void behaveAt(String path, Behaviour answer) {
        byPath.put(path, answer);
    }

    int hits() {
        return hits.get();
    }

    String lastAuthorization() {
        return lastAuthorization.get();
    }

    /** A header of the last request, or null. */
    String lastHeader(String name) {
        return lastHeaders.get() == null ? null : lastHeaders.get().getFirst(name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        hits.incrementAndGet();
        lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
        lastHeaders.set(exchange.getRequestHeaders());
        long received;
        try (InputStream in = exchange.getRequestBody()) {
            received = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Behaviour b = byPath.getOrDefault(exchange.getRequestURI().getRawPath(), behaviour.get());
        if (b.delayMillis() > 0) {
            try {
                Thread.sleep(b.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String body = b.body() != null ? b.body()
                : "{\"path\":\"" + exchange.getRequestURI().getRawPath() + "\",\"method\":\"" + exchange.getRequestMethod()
                        + "\",\"received\":" + received + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", b.contentType());
        exchange.sendResponseHeaders(b.status(), bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
