package org.mailplatform.delivery.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds {@code mail.dlq} records: the original key and value unchanged (so a replay is producing
 * the value back to {@link #ORIGINAL_TOPIC}), the original headers, and what went wrong in
 * {@code dlq.*} headers.
 */
public final class DeadLetters {

    /** Why the record could not be processed. */
    public static final String REASON = "dlq.reason";
    /** The stage that gave up ({@code router}, {@code local}, {@code outbound}, {@code retry}). */
    public static final String STAGE = "dlq.stage";
    public static final String ORIGINAL_TOPIC = "dlq.original.topic";
    public static final String ORIGINAL_PARTITION = "dlq.original.partition";
    public static final String ORIGINAL_OFFSET = "dlq.original.offset";
    /** When it was dead-lettered, ISO-8601. */
    public static final String AT = "dlq.at";

    private static final int MAX_REASON = 2000;

    private DeadLetters() {
    }

    public static ProducerRecord<String, byte[]> record(String dlqTopic, String stage, ConsumerRecord<String, byte[]> original,
                                                        String reason) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        headers.add(REASON, utf8(r));
        headers.add(STAGE, utf8(stage));
        headers.add(ORIGINAL_TOPIC, utf8(original.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(String.valueOf(original.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(String.valueOf(original.offset())));
        headers.add(AT, utf8(Instant.now().toString()));
        return new ProducerRecord<>(dlqTopic, null, original.key(), original.value(), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
