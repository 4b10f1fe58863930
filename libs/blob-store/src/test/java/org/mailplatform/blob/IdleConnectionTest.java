package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server closes a keep-alive connection once it has been idle for a while (S3Proxy's Jetty and
 * MinIO after about 30 s). The HTTP client retries nothing on a failed connection, so it must drop
 * idle connections before the server does: otherwise the first request after a quiet spell goes out
 * on a closed connection and fails. The server here closes after 300 ms of idleness.
 */
class IdleConnectionTest {

    private ServerSocket server;
    private final CountDownLatch connectionEnded = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /**
     * Answers requests on one connection until the client closes it or it has been idle for
     * 300 ms, when the server closes it; either way counts the connection as ended.
     */
    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(300);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    connectionEnded.countDown();
                    return;
                }
                while (!line.isEmpty()) {
                    line = in.readLine();
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (SocketTimeoutException idle) {
            connectionEnded.countDown();
        } catch (IOException e) {
            // client went away
        }
    }

    private String get(OkHttpClient client) throws IOException {
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + "/bucket/key").build();
        try (Response response = client.newCall(request).execute()) {
            return response.body().string();
        }
    }

    private static OkHttpClient client(Duration idle) {
        return BlobStoreFactory.httpClient(new S3Properties("http://127.0.0.1:1", "key", "secret", "us-east-1", "b",
                false, 5 * 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 50, Duration.ofSeconds(30),
                4, idle));
    }

    @Test
    void aRequestAfterTheServerClosedAnIdleConnectionOpensANewOne() throws Exception {
        OkHttpClient client = client(Duration.ofMillis(100));
        assertThat(get(client)).isEqualTo("ok");

        assertThat(connectionEnded.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(get(client)).isEqualTo("ok");
    }

    @Test
    void keepingIdleConnectionsLongerThanTheServerFailsTheNextRequest() throws Exception {
        OkHttpClient client = client(Duration.ofMinutes(5));
        assertThat(get(client)).isEqualTo("ok");

        assertThat(connectionEnded.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> get(client)).isInstanceOf(IOException.class);
    }
}
