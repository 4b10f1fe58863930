package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.Test;

/**
 * The MinIO client sends every call through OkHttp's asynchronous dispatcher. Its default of five
 * requests per host would make a busy service queue S3 calls behind each other; the client we
 * build lets {@code max-concurrent-requests} through. A local HTTP server that holds every request
 * until released counts how many arrive at once.
 */
class ClientConcurrencyTest {

    private static int inFlightPeak(int maxConcurrentRequests, int callers) throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        S3Properties properties = new S3Properties("http://127.0.0.1:" + server.getAddress().getPort(), "key", "secret",
                "us-east-1", "bucket", false, 5 * 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(30), 1, 50,
                Duration.ofSeconds(30), maxConcurrentRequests);
        MinioClient client = BlobStoreFactory.client(properties);
        try (ExecutorService callersPool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String object = "o" + i;
                calls.add(callersPool.submit(() -> {
                    try {
                        return client.statObject(StatObjectArgs.builder().bucket("bucket").object(object).build());
                    } catch (Exception expected) {
                        return null; // 404: only the concurrency matters here
                    }
                }));
            }
            int expected = Math.min(maxConcurrentRequests, callers);
            await().atMost(Duration.ofSeconds(20)).until(() -> inFlight.get() >= expected);
            release.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            server.stop(0);
        }
        return peak.get();
    }

    @Test
    void moreThanOkHttpsDefaultFiveRequestsRunAtOnce() throws Exception {
        assertThat(inFlightPeak(S3Properties.DEFAULT_MAX_CONCURRENT_REQUESTS, 20)).isEqualTo(20);
    }

    @Test
    void theConfiguredLimitHolds() throws Exception {
        assertThat(inFlightPeak(3, 10)).isEqualTo(3);
    }
}
