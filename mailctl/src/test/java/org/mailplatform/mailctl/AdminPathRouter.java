package org.mailplatform.mailctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the gateway's routes in tests: {@code /api/admin/queue/**} to delivery-service,
 * {@code /api/mail/**} to mailbox-service, every other path to auth-service, so mailctl talks to one
 * base URL as it does in production. An upstream that cannot be reached is answered 502, as the
 * gateway does.
 */
final class AdminPathRouter implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String auth;
    private final String delivery;
    private final String mailbox;

    AdminPathRouter(String auth, String delivery) throws IOException {
        this(auth, delivery, auth);
    }

    AdminPathRouter(String auth, String delivery, String mailbox) throws IOException {
        this.auth = auth;
        this.delivery = delivery;
        this.mailbox = mailbox;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String target = path.equals("/api/admin/queue") || path.startsWith("/api/admin/queue/") ? delivery
                : path.startsWith("/api/mail/") ? mailbox : auth;
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Authorization", "Content-Type", "Accept")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<byte[]> response = upstream(request.build());
            if (response == null) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } finally {
            exchange.close();
        }
    }

    /** The upstream's answer, or null when it could not be reached. */
    private HttpResponse<byte[]> upstream(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException unreachable) {
            return null;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
