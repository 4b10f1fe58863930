package org.mailplatform.pop3.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mail.pop3.change-feed.*}: how this node hears of an operator's kick (Kafka
 * {@code mailbox.changes} at {@code spring.kafka.bootstrap-servers}, the topic imap-service reads).
 *
 * @param enabled     read the topic (default true); off, a kicked user's POP3 sessions end only at QUIT
 *                    or their idle timeout
 * @param topic       the topic the mailbox store publishes to (default {@code mailbox.changes})
 * @param groupPrefix start of this node's consumer group name; the node name (HOSTNAME) and a random
 *                    suffix follow, so every node and every start is its own group (default {@code pop3-})
 */
@ConfigurationProperties("mail.pop3.change-feed")
public record ChangeFeedProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("mailbox.changes") String topic,
                                   @DefaultValue("pop3-") String groupPrefix) {
}
