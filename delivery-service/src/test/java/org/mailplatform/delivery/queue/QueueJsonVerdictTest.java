package org.mailplatform.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The verdict in {@code mail.local} and {@code mail.outbound} records, and records written before it. */
class QueueJsonVerdictTest {

    private final QueueJson json = new QueueJson();
    private static final InboundMessage.Recipient RCPT = new InboundMessage.Recipient("bob@local.test",
            List.of("FAILURE"), "rfc822;bob@local.test");

    private static InboundMessage message(InboundMessage.Verdict verdict) {
        return new InboundMessage("Q42", "inbound/2026/12/05/10/abc", 1234, Instant.parse("2026-12-05T10:00:00Z"),
                "alice@example.org", List.of(RCPT), new InboundMessage.Dsn("HDRS", "env"), "8BITMIME", false,
                new InboundMessage.Client("192.0.2.1", "mail.example.org", "mx", "TLSv1.3", null), "trace", verdict);
    }

    private static final InboundMessage.Verdict VERDICT = new InboundMessage.Verdict(
            "Authentication-Results: mx.local.test; dmarc=fail (p=quarantine) header.from=example.org\r\n", true);

    @Test
    void aLocalDeliveryWithAVerdictReadsBackEqual() {
        LocalDelivery d = new LocalDelivery(message(VERDICT), RCPT, new Principal("t1", "u1", "bob@local.test"), 1,
                Instant.parse("2026-12-05T11:00:00Z"), true);

        LocalDelivery back = json.read(json.write(d), LocalDelivery.class);

        assertThat(back).isEqualTo(d);
        assertThat(back.message().verdict()).isEqualTo(VERDICT);
    }

    @Test
    void anOutboundDeliveryWithAVerdictReadsBackEqual() {
        OutboundDelivery d = new OutboundDelivery(message(VERDICT), "remote.test", List.of(RCPT), 2, null, "451 later",
                false, "SRS0=abcd=TT=example.org=alice@srs.local.test");

        OutboundDelivery back = json.read(json.write(d), OutboundDelivery.class);

        assertThat(back).isEqualTo(d);
        assertThat(back.message().verdict().fields()).isEqualTo(VERDICT.fields());
    }

    @Test
    void theVerdictIsNotWrittenAsMoreThanItsTwoFields() {
        String written = new String(json.write(message(VERDICT)), StandardCharsets.UTF_8);

        ObjectNode verdict = (ObjectNode) JsonMapper.builder().build().readTree(written).get("verdict");
        assertThat(verdict.propertyNames()).containsExactlyInAnyOrder("fields", "junk");
    }

    @Test
    void recordsWrittenBeforeTheVerdictReadWithoutOne() {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode local = (ObjectNode) mapper.readTree(json.write(new LocalDelivery(message(null), RCPT,
                new Principal("t1", "u1", "bob@local.test"), 0, null)));
        ObjectNode outbound = (ObjectNode) mapper.readTree(json.write(new OutboundDelivery(message(null),
                "remote.test", List.of(RCPT), 0, null, null)));
        ((ObjectNode) local.get("message")).remove("verdict");
        ((ObjectNode) outbound.get("message")).remove("verdict");
        assertThat(local.get("message").has("verdict")).isFalse();

        LocalDelivery oldLocal = json.read(mapper.writeValueAsBytes(local), LocalDelivery.class);
        OutboundDelivery oldOutbound = json.read(mapper.writeValueAsBytes(outbound), OutboundDelivery.class);

        assertThat(oldLocal.message().verdict()).isNull();
        assertThat(oldLocal.message()).isEqualTo(message(null));
        assertThat(oldOutbound.message().verdict()).isNull();
        assertThat(VerdictFields.of(oldLocal.message())).isEmpty();
        assertThat(VerdictFields.junk(oldLocal.message())).isFalse();
    }
}
