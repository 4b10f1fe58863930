package org.mailplatform.imap.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mail.imap.change-feed.*}: how this node hears of mailbox changes made elsewhere (Kafka
 * {@code mailbox.changes} at {@code spring.kafka.bootstrap-servers}).
 *
 * @param enabled     read the topic (default true); off, IDLE learns of changes only by its safety poll
 *                    and other sessions at NOOP/CHECK
 * @param topic       the topic the mailbox store publishes to (default {@code mailbox.changes})
 * @param groupPrefix start of this node's consumer group name; the node name (HOSTNAME) and a random
 *                    suffix follow, so every node and every start is its own group (default {@code imap-})
 */
@ConfigurationProperties("mail.imap.change-feed")
public record ChangeFeedProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("mailbox.changes") String topic,
                                   @DefaultValue("imap-") String groupPrefix) {
}
