package org.mailplatform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class InboundMessageTest {

    private final InboundMessage.Client client = new InboundMessage.Client("192.0.2.1", "mx.example", "mx", null, null);

    @Test
    void nullSenderIsAnEmptyReversePathAndDefaultsAreFilledIn() {
        InboundMessage m = new InboundMessage("Q1", "inbound/2026/11/x", 10, Instant.EPOCH, null,
                List.of(new InboundMessage.Recipient("a@example.com", null, null)), null, null, false, client, "t");
        assertThat(m.mailFrom()).isEmpty();
        assertThat(m.body()).isEqualTo("7BIT");
        assertThat(m.dsn()).isEqualTo(new InboundMessage.Dsn(null, null));
        assertThat(m.recipients().getFirst().notifyOn()).isEmpty();
    }

    @Test
    void aMessageWithoutRecipientsIsRefused() {
        assertThatThrownBy(() -> new InboundMessage("Q1", "k", 1, Instant.EPOCH, "a@b", List.of(), null, null, false, client, "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
