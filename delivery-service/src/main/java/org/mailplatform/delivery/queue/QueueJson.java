package org.mailplatform.delivery.queue;

import org.mailplatform.delivery.stage.PoisonRecordException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the delivery topics carry ({@code mail.inbound}, {@code mail.local},
 * {@code mail.outbound}, {@code mail.retry}), written and read the way smtp-ingress writes
 * {@code mail.inbound}.
 */
public final class QueueJson {

    private final JsonMapper json = JsonMapper.builder().build();

    public byte[] write(Object value) {
        return json.writeValueAsBytes(value);
    }

    /**
     * Reads a record value.
     *
     * @throws UnreadableRecordException when the bytes are not a record of that type
     */
    public <T> T read(byte[] value, Class<T> type) {
        if (value == null) {
            throw new UnreadableRecordException("record has no value", null);
        }
        try {
            return json.readValue(value, type);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new UnreadableRecordException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A record that can never be processed: it goes to the dead-letter topic. */
    public static final class UnreadableRecordException extends PoisonRecordException {
        public UnreadableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
