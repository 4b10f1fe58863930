package org.mailplatform.delivery.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class QueueBucketsTest {

    private static Instant at(String t) {
        return Instant.parse(t);
    }

    @Test
    void theHoursThatEndedAfterTheStartAndByTheCutoff() {
        QueueBuckets b = QueueBuckets.ending(at("2026-03-05T09:30:00Z"), at("2026-03-05T12:10:00Z"), 100);

        // 09:00-10:00 ends after 09:30; 12:00-13:00 has not ended at 12:10
        assertThat(b.hours()).containsExactly(at("2026-03-05T09:00:00Z"), at("2026-03-05T10:00:00Z"),
                at("2026-03-05T11:00:00Z"));
        assertThat(b.end()).isEqualTo(at("2026-03-05T12:00:00Z"));
        assertThat(QueueBuckets.countEnding(at("2026-03-05T09:30:00Z"), at("2026-03-05T12:10:00Z"))).isEqualTo(3);
    }

    @Test
    void anHourThatEndedExactlyAtTheStartWasWalkedBefore() {
        assertThat(QueueBuckets.ending(at("2026-03-05T10:00:00Z"), at("2026-03-05T11:00:00Z"), 100).hours())
                .containsExactly(at("2026-03-05T10:00:00Z"));
        assertThat(QueueBuckets.ending(at("2026-03-05T10:00:00Z"), at("2026-03-05T10:59:59Z"), 100).hours()).isEmpty();
        assertThat(QueueBuckets.countEnding(at("2026-03-05T10:00:00Z"), at("2026-03-05T09:00:00Z"))).isZero();
    }

    @Test
    void aLongGapIsCutToTheOldestHours() {
        QueueBuckets b = QueueBuckets.ending(at("2026-03-01T00:00:00Z"), at("2026-03-31T00:00:00Z"), 24);

        assertThat(b.hours()).hasSize(24).startsWith(at("2026-03-01T00:00:00Z"));
        assertThat(b.end()).isEqualTo(at("2026-03-02T00:00:00Z"));
        assertThat(QueueBuckets.ending(at("2026-03-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), 24).end()).isNull();
    }

    @Test
    void hourPrefixesAreTheLayoutOfNewHourlyKeys() {
        Instant hour = at("2026-01-02T03:00:00Z");
        assertThat(QueueBuckets.hourPrefix("inbound", hour)).isEqualTo("inbound/2026/01/02/03/");
        assertThat(org.mailplatform.blob.BlobKey.newHourly("inbound", hour.plusSeconds(3599)).value())
                .startsWith(QueueBuckets.hourPrefix("inbound", hour));
    }

    @Test
    void aKeysBucketEndsAtTheEndOfItsHourOrForTheMonthLayoutAtTheNextMonth() {
        assertThat(QueueBuckets.end("inbound", "inbound/2026/12/31/23/0b6c1c64-8d1e-4e0e-9f38-2c1f7e0e2a11"))
                .contains(at("2027-01-01T00:00:00Z"));
        assertThat(QueueBuckets.end("inbound", "inbound/2026/12/0b6c1c64-8d1e-4e0e-9f38-2c1f7e0e2a11"))
                .contains(at("2027-01-01T00:00:00Z"));
        assertThat(QueueBuckets.end("inbound", "inbound/2026/02/0b6c1c64")).contains(at("2026-03-01T00:00:00Z"));
    }

    @Test
    void onlyHourKeysHaveAnHourEnd() {
        assertThat(QueueBuckets.hourEnd("inbound", "inbound/2026/12/31/23/0b6c1c64")).contains(at("2027-01-01T00:00:00Z"));
        assertThat(QueueBuckets.hourEnd("inbound", "inbound/2026/12/0b6c1c64")).isEmpty();
        assertThat(QueueBuckets.hourEnd("inbound", "acme/2026/12/31/23/0b6c1c64")).isEmpty();
    }

    @Test
    void keysOfOtherAreasOrLayoutsHaveNoBucket() {
        assertThat(QueueBuckets.end("inbound", "acme/2026/02/0b6c1c64")).isEmpty();
        assertThat(QueueBuckets.end("inbound", "inbound-archive/2026/02/0b6c1c64")).isEmpty();
        assertThat(QueueBuckets.end("inbound", "inbound/2026/13/0b6c1c64")).isEmpty();
        assertThat(QueueBuckets.end("inbound", "inbound/2026/02/30/01/0b6c1c64")).isEmpty();
        assertThat(QueueBuckets.end("inbound", "inbound/2026/02/0b6c1c64/extra")).isEmpty();
    }
}
