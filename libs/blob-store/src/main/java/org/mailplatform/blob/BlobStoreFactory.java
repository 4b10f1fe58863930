package org.mailplatform.blob;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.minio.MinioClient;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Builds the MinIO client and the resilient {@link S3BlobStore} from {@link S3Properties}. */
public final class BlobStoreFactory {

    private BlobStoreFactory() {
    }

    public static MinioClient client(S3Properties properties) {
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .httpClient(httpClient(properties), true)
                .build();
    }

    /**
     * The HTTP client under the MinIO client. Connections are not retried on failure (an upload's
     * body is a one-shot stream), so an idle connection is dropped before the server would close
     * it: a request on a connection the server already closed fails, and a burst of those after a
     * quiet spell would open the circuit breaker.
     */
    static OkHttpClient httpClient(S3Properties properties) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(properties.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(properties.maxConcurrentRequests());
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                // keep as many idle connections as may be busy at once, so a burst does not reconnect
                .connectionPool(new ConnectionPool(properties.maxConcurrentRequests(),
                        properties.idleConnectionTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
    }

    public static CircuitBreakerConfig breakerConfig(S3Properties properties) {
        return CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.breakerFailureRate())
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .waitDurationInOpenState(properties.breakerOpenFor())
                .ignoreExceptions(BlobNotFoundException.class)
                .build();
    }

    public static RetryConfig retryConfig(S3Properties properties) {
        return RetryConfig.custom()
                .maxAttempts(Math.max(1, properties.retryAttempts()))
                .waitDuration(java.time.Duration.ofMillis(200))
                .retryExceptions(BlobStoreUnavailableException.class)
                .build();
    }

    public static S3BlobStore store(MinioClient client, S3Properties properties, CircuitBreaker breaker, Retry retry) {
        return new S3BlobStore(client, properties.bucket(), properties.partSize(), breaker, retry);
    }
}
