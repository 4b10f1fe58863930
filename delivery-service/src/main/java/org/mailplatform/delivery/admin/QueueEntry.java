package org.mailplatform.delivery.admin;

import java.time.Instant;
import java.util.List;

/**
 * One record waiting in a queue, as the admin API shows it.
 *
 * @param id          {@code partition-offset} within the queue's topic (what replay and delete take)
 * @param queue       {@code inbound}, {@code local}, {@code outbound}, {@code retry} or {@code dlq}
 * @param key         the record key (message id, user id or destination domain)
 * @param timestamp   when the record was written
 * @param messageId   the queued message's id, when the record could be read
 * @param sender      its envelope sender ({@code ""} for the null sender)
 * @param recipients  the recipients this record is for
 * @param attempts    delivery attempts so far (local, outbound, retry)
 * @param notBefore   when a retry record is due
 * @param lastError   the last temporary failure (outbound, retry)
 * @param deadLetter  why and where from, for DLQ entries
 */
record QueueEntry(String id, String queue, String key, Instant timestamp, String messageId, String sender,
                  List<String> recipients, Integer attempts, Instant notBefore, String lastError,
                  DeadLetter deadLetter) {

    /** The {@code dlq.*} headers of a DLQ entry. */
    record DeadLetter(String reason, String stage, String originalTopic, Integer originalPartition,
                      Long originalOffset, String at) {
    }
}
