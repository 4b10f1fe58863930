package org.mailplatform.blob;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
        @DefaultValue("10s") Duration breakerOpenFor) {

    @Override
    public String toString() {
        return "S3Properties[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
}
