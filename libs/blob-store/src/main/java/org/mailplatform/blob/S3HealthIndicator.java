package org.mailplatform.blob;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness contribution: the blob bucket answers. */
final class S3HealthIndicator implements HealthIndicator {

    private final S3BlobStore store;

    S3HealthIndicator(S3BlobStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            return store.bucketReachable() ? Health.up().build() : Health.down().withDetail("bucket", "missing").build();
        } catch (BlobStoreUnavailableException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        }
    }
}
