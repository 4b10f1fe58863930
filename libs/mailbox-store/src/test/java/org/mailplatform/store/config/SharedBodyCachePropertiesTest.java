package org.mailplatform.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SharedBodyCachePropertiesTest {

    @Test
    void defaultsAreSixteenKilobytesForADayThroughAQueueOf1024() {
        SharedBodyCacheProperties p = SharedBodyCacheProperties.defaults();
        assertThat(p.maxBlob()).isEqualTo(DataSize.ofKilobytes(16));
        assertThat(p.ttl()).isEqualTo(Duration.ofDays(1));
        assertThat(p.writeQueue()).isEqualTo(1024);
        assertThat(p.enabled()).isTrue();
        assertThat(SharedBodyCacheProperties.off().enabled()).isFalse();
    }

    @Test
    void settingsThatCannotWorkOrCouldFillTheHeapAreRefused() {
        assertThatThrownBy(() -> new SharedBodyCacheProperties(DataSize.ofMegabytes(2), null, null))
                .hasMessageContaining("max-blob");
        assertThatThrownBy(() -> new SharedBodyCacheProperties(null, Duration.ZERO, null)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new SharedBodyCacheProperties(null, null, 0)).hasMessageContaining("write-queue");
        assertThatThrownBy(() -> new SharedBodyCacheProperties(DataSize.ofMegabytes(1), null, 1024))
                .as("up to 1GB of queued copies").hasMessageContaining("64MB");
        assertThat(new SharedBodyCacheProperties(DataSize.ofMegabytes(1), null, 64).writeQueue()).isEqualTo(64);
    }
}
