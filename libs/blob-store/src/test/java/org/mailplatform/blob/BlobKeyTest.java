package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BlobKeyTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    void monthlyKeysAreBucketedByTheUtcMonth() {
        assertThat(BlobKey.newFor("acme", Instant.parse("2026-03-01T00:30:00Z")).value())
                .matches("acme/2026/03/" + UUID);
    }

    @Test
    void hourlyKeysAreBucketedByTheUtcHour() {
        assertThat(BlobKey.newHourly("inbound", Instant.parse("2026-03-01T07:59:59.999Z")).value())
                .matches("inbound/2026/03/01/07/" + UUID);
        // the last and first hour of a year, two digits to every field
        assertThat(BlobKey.newHourly("inbound", Instant.parse("2026-12-31T23:00:00Z")).value())
                .matches("inbound/2026/12/31/23/" + UUID);
        assertThat(BlobKey.newHourly("inbound", Instant.parse("2027-01-01T00:00:00Z")).value())
                .matches("inbound/2027/01/01/00/" + UUID);
    }

    @Test
    void everyKeyIsNew() {
        Instant now = Instant.parse("2026-03-01T07:00:00Z");
        assertThat(BlobKey.newHourly("inbound", now)).isNotEqualTo(BlobKey.newHourly("inbound", now));
    }
}
