/**
 * pop3-service's use of {@code mailbox.changes}: an operator's kick ends the user's sessions on
 * this node. The reading is libs/mailbox-store's {@code ChangeFeedConsumer}.
 */
package org.mailplatform.pop3.changes;
