package org.mailplatform.delivery.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.mailplatform.delivery.dlq.DeadLetters;
import org.mailplatform.delivery.retry.RetryRecords;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a queue record into a {@link QueueEntry}. Values are read leniently (any of the queue
 * record shapes: inbound message, local or outbound delivery), since a DLQ entry may be there
 * precisely because it cannot be read; what cannot be read is left empty.
 */
final class EntryDescriber {

    private final JsonMapper json = JsonMapper.builder().build();

    static String id(ConsumerRecord<?, ?> r) {
        return r.partition() + "-" + r.offset();
    }

    QueueEntry describe(String queue, ConsumerRecord<String, byte[]> r) {
        JsonNode value = parse(r.value());
        JsonNode message = value.has("message") ? value.get("message") : value;
        List<String> recipients = new ArrayList<>();
        value.path("recipients").forEach(n -> recipients.add(n.path("address").asString("")));
        if (value.has("recipient")) {
            recipients.add(value.path("recipient").path("address").asString(""));
        }
        String notBefore = header(r, RetryRecords.NOT_BEFORE);
        QueueEntry.DeadLetter dl = null;
        if (header(r, DeadLetters.REASON) != null) {
            dl = new QueueEntry.DeadLetter(header(r, DeadLetters.REASON), header(r, DeadLetters.STAGE),
                    header(r, DeadLetters.ORIGINAL_TOPIC), integer(header(r, DeadLetters.ORIGINAL_PARTITION)),
                    number(header(r, DeadLetters.ORIGINAL_OFFSET)), header(r, DeadLetters.AT));
        }
        return new QueueEntry(id(r), queue, r.key(), Instant.ofEpochMilli(r.timestamp()), text(message.path("id")),
                text(message.path("mailFrom")), recipients, value.has("attempts") ? value.path("attempts").asInt() : null,
                notBefore == null ? null : instant(notBefore), text(value.path("lastError")), dl);
    }

    private JsonNode parse(byte[] value) {
        if (value == null) {
            return json.missingNode();
        }
        try {
            return json.readTree(value);
        } catch (JacksonException e) {
            return json.missingNode();
        }
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asString();
    }

    private static Integer integer(String s) {
        Long n = number(s);
        return n == null ? null : n.intValue();
    }

    private static Long number(String s) {
        try {
            return s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(String epochMillis) {
        Long n = number(epochMillis);
        return n == null ? null : Instant.ofEpochMilli(n);
    }
}
