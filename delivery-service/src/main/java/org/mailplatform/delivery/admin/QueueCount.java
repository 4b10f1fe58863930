package org.mailplatform.delivery.admin;

/**
 * How many records wait in one queue.
 *
 * @param queue  queue name
 * @param topic  its Kafka topic
 * @param count  records pending (for the DLQ: retained entries neither replayed nor deleted)
 * @param exact  {@code false} when the queue was too long to count record by record and
 *               {@code count} is the offset difference (which includes transaction markers)
 */
record QueueCount(String queue, String topic, long count, boolean exact) {
}
