package org.mailplatform.store.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class MailboxStorePropertiesTest {

    @Test
    void cacheDefaultsStayASmallShareOfTheHeap() {
        MailboxStoreProperties defaults = MailboxStoreProperties.defaults();
        long heap = Runtime.getRuntime().maxMemory();

        assertThat(defaults.summaryCacheSize().toBytes()).isPositive()
                .isLessThanOrEqualTo(Math.min(DataSize.ofMegabytes(32).toBytes(), heap / 16));
        assertThat(defaults.bodyCacheSize().toBytes()).isPositive()
                .isLessThanOrEqualTo(Math.min(DataSize.ofMegabytes(64).toBytes(), heap / 8));
        assertThat(defaults.bodyCacheMaxMessage()).isEqualTo(DataSize.ofKilobytes(128));
    }

    @Test
    void aShareIsTheCapOrTheHeapsFractionWhicheverIsSmaller() {
        assertThat(MailboxStoreProperties.heapShare(1, 1)).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(MailboxStoreProperties.heapShare(Long.MAX_VALUE >> 21, 4).toBytes())
                .isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    void anAppendBatchBelowOneIsRefused() {
        assertThatThrownBy(() -> new MailboxStoreProperties(null, null, null, null, null, null, null, null, null, 0,
                null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
