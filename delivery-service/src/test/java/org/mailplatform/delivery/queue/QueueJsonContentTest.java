package org.mailplatform.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import tools.jackson.databind.json.JsonMapper;

/** A small message's bytes carried in queue records (smtp-ingress's {@code limits.inline-body-max}), and records without. */
class QueueJsonContentTest {

    private final QueueJson json = new QueueJson();
    private static final InboundMessage.Recipient RCPT = new InboundMessage.Recipient("bob@local.test", List.of(), null);
    private static final byte[] BYTES = "Subject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private static InboundMessage message(InboundMessage.InlineContent content, long size) {
        return new InboundMessage("Q7", "inbound/2026/12/05/10/abc", size, Instant.parse("2026-12-05T10:00:00Z"),
                "alice@example.org", List.of(RCPT), null, null, false, null, "trace", null, content);
    }

    @Test
    void aLocalDeliveryCarryingTheBytesReadsBackEqualWithThemAsBase64() {
        LocalDelivery d = new LocalDelivery(message(new InboundMessage.InlineContent(BYTES), BYTES.length), RCPT,
                new Principal("t1", "u1", "bob@local.test"), 0, null);

        byte[] written = json.write(d);
        LocalDelivery back = json.read(written, LocalDelivery.class);

        assertThat(back).isEqualTo(d);
        assertThat(back.message().inlineBytes()).isEqualTo(BYTES);
        assertThat(JsonMapper.builder().build().readTree(written).at("/message/content/bytes").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(BYTES));
    }

    @Test
    void aRecordWithoutTheBytesOrWrittenBeforeThemHasNone() {
        String before = "{\"id\":\"Q1\",\"blobKey\":\"inbound/k\",\"size\":5,\"receivedAt\":\"2026-12-05T10:00:00Z\","
                + "\"mailFrom\":\"\",\"recipients\":[{\"address\":\"bob@local.test\"}],\"smtpUtf8\":false,\"traceId\":\"t\"}";
        InboundMessage old = json.read(before.getBytes(StandardCharsets.UTF_8), InboundMessage.class);

        assertThat(old.content()).isNull();
        assertThat(old.inlineBytes()).isNull();
        assertThat(message(new InboundMessage.InlineContent(BYTES), BYTES.length + 1).inlineBytes())
                .as("a copy that is not the blob's length is not the blob").isNull();
        InboundMessage carrying = message(new InboundMessage.InlineContent(BYTES), BYTES.length);
        assertThat(carrying.withoutContent()).isEqualTo(message(null, BYTES.length)); // what outbound records carry
    }

    @Test
    void aRecordWithAPropertyThisVersionDoesNotKnowStillReads() {
        String newer = "{\"id\":\"Q2\",\"blobKey\":\"inbound/k\",\"size\":5,\"receivedAt\":\"2026-12-05T10:00:00Z\","
                + "\"mailFrom\":\"\",\"recipients\":[{\"address\":\"bob@local.test\"}],\"smtpUtf8\":false,"
                + "\"traceId\":\"t\",\"somethingNewer\":{\"x\":1}}";

        InboundMessage read = json.read(newer.getBytes(StandardCharsets.UTF_8), InboundMessage.class);

        assertThat(read.id()).isEqualTo("Q2");
    }
}
