package org.mailplatform.delivery.admin;

/**
 * One queue as an operator sees it: a Kafka topic and the consumer group of the stage that works
 * it off ({@code null} for the DLQ, which nothing consumes: every retained record is an entry).
 */
record QueueTopic(String name, String topic, String group) {

    boolean deadLetters() {
        return group == null;
    }
}
