package org.mailplatform.blob;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the platform stores message blobs.
 *
 * @param endpoint          S3 endpoint URL, e.g. {@code http://minio:9000}
 * @param accessKey         access key id
 * @param secretKey         secret access key
 * @param region            signing region
 * @param bucket            bucket holding every blob of the platform
 * @param createBucket      create the bucket at start-up when it is missing
 * @param partSize          multipart part size for uploads of unknown length (S3 minimum 5 MiB);
 *                          this is also the memory one such upload buffers
 * @param connectTimeout    TCP connect timeout
 * @param requestTimeout    read/write timeout of one request
 * @param retryAttempts     attempts (first try included) for idempotent calls: get, stat, delete, list
 * @param breakerFailureRate failure rate in percent that opens the circuit breaker
 * @param breakerOpenFor    how long the breaker stays open before it lets probes through
 * @param maxConcurrentRequests requests in flight to the endpoint at once; more wait in the client.
 *                          The MinIO SDK sends every call through OkHttp's asynchronous dispatcher,
 *                          whose own default (5 per host) would quietly serialize a busy service
 * @param idleConnectionTimeout how long an idle connection is kept for reuse; shorter than the
 *                          server's own idle timeout (S3Proxy/Jetty and MinIO close after about 30 s),
 *                          or a burst after a quiet spell meets closed connections and fails
 */
@ConfigurationProperties("mail.s3")
public record S3Properties(
        @DefaultValue("http://127.0.0.1:9000") String endpoint,
        @DefaultValue("") String accessKey,
        @DefaultValue("") String secretKey,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("mail") String bucket,
        @DefaultValue("true") boolean createBucket,
        @DefaultValue("5242880") long partSize,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("60s") Duration requestTimeout,
        @DefaultValue("3") int retryAttempts,
        @DefaultValue("50") float breakerFailureRate,
        @DefaultValue("10s") Duration breakerOpenFor,
        @DefaultValue("64") int maxConcurrentRequests,
        @DefaultValue("10s") Duration idleConnectionTimeout) {

    /** Default concurrency ({@value #DEFAULT_MAX_CONCURRENT_REQUESTS} requests). */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

    /** Default time an idle connection is kept for reuse (10 s). */
    public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    @ConstructorBinding
    public S3Properties {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("mail.s3.max-concurrent-requests must be at least 1");
        }
        if (idleConnectionTimeout == null || idleConnectionTimeout.isNegative() || idleConnectionTimeout.isZero()) {
            throw new IllegalArgumentException("mail.s3.idle-connection-timeout must be positive");
        }
    }

    public S3Properties(String endpoint, String accessKey, String secretKey, String region, String bucket,
                        boolean createBucket, long partSize, Duration connectTimeout, Duration requestTimeout,
                        int retryAttempts, float breakerFailureRate, Duration breakerOpenFor) {
        this(endpoint, accessKey, secretKey, region, bucket, createBucket, partSize, connectTimeout, requestTimeout,
                retryAttempts, breakerFailureRate, breakerOpenFor, DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    public S3Properties(String endpoint, String accessKey, String secretKey, String region, String bucket,
                        boolean createBucket, long partSize, Duration connectTimeout, Duration requestTimeout,
                        int retryAttempts, float breakerFailureRate, Duration breakerOpenFor,
                        int maxConcurrentRequests) {
        this(endpoint, accessKey, secretKey, region, bucket, createBucket, partSize, connectTimeout, requestTimeout,
                retryAttempts, breakerFailureRate, breakerOpenFor, maxConcurrentRequests, DEFAULT_IDLE_CONNECTION_TIMEOUT);
    }

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
