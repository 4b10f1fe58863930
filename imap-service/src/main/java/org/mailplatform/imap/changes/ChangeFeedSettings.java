package org.mailplatform.imap.changes;

/**
 * Where the change feed reads.
 *
 * @param bootstrapServers Kafka
 * @param topic            normally {@code mailbox.changes}
 * @param groupId          unique to this node and start, so every node sees every event
 */
public record ChangeFeedSettings(String bootstrapServers, String topic, String groupId) {
}
