package org.mailplatform.directory.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailplatform.directory.client.wire.DirectoryApi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for auth-service: it answers scripted replies, can stall (hold
 * the request until released) or be stopped so connections are refused. It records every request.
 */
final class FakeAuthService implements AutoCloseable {

    /** One scripted answer: status and body, or a stall. */
    record Reply(int status, String body, boolean stalls) {
        static Reply json(String body) {
            return new Reply(200, body, false);
        }

        static Reply status(int status) {
            return new Reply(status, "{}", false);
        }

        static Reply stall() {
            return new Reply(0, null, true);
        }
    }

    private final HttpServer server;
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Reply>> scripts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Reply> defaults = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeAuthService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers on this path with these replies in turn, then with the last one forever. */
    FakeAuthService on(String path, Reply... replies) {
        ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>(List.of(replies));
        scripts.put(path, queue);
        defaults.put(path, replies[replies.length - 1]);
        return this;
    }

    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    List<String> tokens() {
        return tokens;
    }

    List<String> bodies() {
        return bodies;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst(DirectoryApi.SERVICE_TOKEN_HEADER)));
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        ConcurrentLinkedQueue<Reply> queue = scripts.get(path);
        Reply reply = queue == null ? null : queue.poll();
        if (reply == null) {
            reply = defaults.getOrDefault(path, Reply.status(404));
        }
        if (reply.stalls()) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
