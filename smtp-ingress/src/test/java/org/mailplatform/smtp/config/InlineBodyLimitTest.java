package org.mailplatform.smtp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** {@code limits.inline-body-max} is refused at start-up beyond the body buffer or what a Kafka record can carry. */
class InlineBodyLimitTest {

    private static SmtpProperties.Limits limits(DataSize bodyBuffer, DataSize inline) {
        return new SmtpProperties.Limits(DataSize.ofMegabytes(50), 100, 2000, 20, 600, 10, 2048, Duration.ofMinutes(5),
                Duration.ofMinutes(10), 200, 1000, bodyBuffer, inline, 256, Duration.ofSeconds(30));
    }

    @Test
    void theDefaultsAndZeroAreAccepted() {
        assertThat(limits(DataSize.ofKilobytes(256), DataSize.ofKilobytes(16)).inlineBodyMax()).isEqualTo(DataSize.ofKilobytes(16));
        assertThat(limits(DataSize.ofKilobytes(256), DataSize.ofBytes(0)).inlineBodyMax().toBytes()).isZero();
        assertThat(limits(DataSize.ofMegabytes(1), DataSize.ofKilobytes(256)).inlineBodyMax()).isEqualTo(DataSize.ofKilobytes(256));
    }

    @Test
    void moreThanTheBodyBufferOrThanAKafkaRecordCarriesIsRefused() {
        assertThatThrownBy(() -> limits(DataSize.ofKilobytes(64), DataSize.ofKilobytes(65)))
                .hasMessageContaining("must not exceed body-buffer");
        assertThatThrownBy(() -> limits(DataSize.ofMegabytes(4), DataSize.ofKilobytes(257)))
                .hasMessageContaining("must not exceed 262144B");
    }
}
