package org.mailplatform.delivery.retry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code mail.retry} records: the value of a deferred {@code mail.outbound} or {@code mail.local}
 * record with its key, plus two headers saying where it goes back to and when.
 */
public final class RetryRecords {

    /** The topic the record returns to when due. */
    public static final String TARGET = "retry.target";
    /** Earliest time it may return, epoch milliseconds. */
    public static final String NOT_BEFORE = "retry.not-before";

    private RetryRecords() {
    }

    public static ProducerRecord<String, byte[]> defer(String retryTopic, String targetTopic, String key, byte[] value,
                                                       Instant notBefore) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(TARGET, targetTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(NOT_BEFORE, Long.toString(notBefore.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(retryTopic, null, key, value, headers);
    }

    /** The target topic of a retry record, or {@code null} when the header is missing. */
    static String target(ConsumerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(TARGET);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The not-before time of a retry record, or {@code null} when missing or unreadable. */
    static Instant notBefore(ConsumerRecord<String, byte[]> record) {
        Header h = record.headers().lastHeader(NOT_BEFORE);
        if (h == null) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(h.value(), StandardCharsets.UTF_8)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
