package org.mailplatform.embedded;

import java.util.Objects;

/**
 * Where the three backing services of the platform can be reached: Kafka, a MongoDB wire server
 * and an S3-compatible object store. The same record describes embedded servers, containers and
 * external endpoints, so the code that consumes it never knows which it got.
 *
 * @param kafkaBootstrapServers Kafka {@code bootstrap.servers}
 * @param mongoUri              MongoDB connection string (without database name)
 * @param s3                    S3 endpoint and credentials
 */
public record BackendEndpoints(String kafkaBootstrapServers, String mongoUri, S3Endpoint s3) {

    public BackendEndpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(mongoUri, "mongoUri");
        Objects.requireNonNull(s3, "s3");
    }

    /**
     * An S3-compatible endpoint.
     *
     * @param url       base URL, e.g. {@code http://127.0.0.1:9000}
     * @param accessKey access key id
     * @param secretKey secret access key (never logged)
     * @param region    signing region
     */
    public record S3Endpoint(String url, String accessKey, String secretKey, String region) {
        public S3Endpoint {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            region = region == null || region.isBlank() ? "us-east-1" : region;
        }

        @Override
        public String toString() {
            return "S3Endpoint[url=" + url + ", accessKey=" + accessKey + ", region=" + region + "]";
        }
    }
}
