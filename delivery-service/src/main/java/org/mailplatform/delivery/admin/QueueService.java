package org.mailplatform.delivery.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What {@code mailctl queue} does: counts of every queue, a bounded listing of one, and replay or
 * delete of a DLQ entry. Counts and listings of the stage topics start at the stage's committed
 * offset, so they show what the stage has not yet worked off; a retry record that is not due is
 * rewritten to the end of {@code mail.retry} at each scan, so the retry queue shows each waiting
 * delivery about once.
 */
final class QueueService {

    static final String DLQ = "dlq";

    private final QueueReader reader;
    private final HiddenEntries hidden;
    private final DlqReplayer replayer;
    private final Map<String, QueueTopic> queues;
    private final Set<String> replayTargets;
    private final EntryDescriber describer = new EntryDescriber();
    private final int maxList;
    private final int countScanLimit;

    QueueService(QueueReader reader, HiddenEntries hidden, DlqReplayer replayer, List<QueueTopic> queues,
                 int maxList, int countScanLimit) {
        this.reader = reader;
        this.hidden = hidden;
        this.replayer = replayer;
        this.queues = new java.util.LinkedHashMap<>();
        queues.forEach(q -> this.queues.put(q.name(), q));
        this.replayTargets = Set.copyOf(queues.stream().filter(q -> !q.deadLetters()).map(QueueTopic::topic).toList());
        this.maxList = maxList;
        this.countScanLimit = countScanLimit;
    }

    List<QueueCount> counts() {
        Map<String, String> gone = hidden.all();
        List<QueueCount> out = new ArrayList<>();
        for (QueueTopic q : queues.values()) {
            Map<TopicPartition, QueueReader.Range> pending = reader.pending(q);
            long estimate = pending.values().stream().mapToLong(QueueReader.Range::size).sum();
            if (estimate > countScanLimit) {
                long hiddenHere = q.deadLetters() ? gone.size() : 0;
                out.add(new QueueCount(q.name(), q.topic(), Math.max(0, estimate - hiddenHere), false));
            } else {
                long n = reader.read(pending, countScanLimit).stream()
                        .filter(r -> !q.deadLetters() || !gone.containsKey(EntryDescriber.id(r))).count();
                out.add(new QueueCount(q.name(), q.topic(), n, true));
            }
        }
        return out;
    }

    /** The first {@code limit} entries of a queue, oldest first per partition. */
    List<QueueEntry> list(String name, int limit) {
        QueueTopic q = queue(name);
        if (limit < 1 || limit > maxList) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + maxList);
        }
        Map<String, String> gone = q.deadLetters() ? hidden.all() : Map.of();
        List<QueueEntry> out = new ArrayList<>();
        // hidden DLQ entries are skipped, so read enough to fill the page despite them
        for (ConsumerRecord<String, byte[]> r : reader.read(reader.pending(q), limit + gone.size())) {
            if (out.size() < limit && !gone.containsKey(EntryDescriber.id(r))) {
                out.add(describer.describe(q.name(), r));
            }
        }
        return out;
    }

    /** Produces a DLQ entry's original record back to its source topic and hides the entry. */
    DlqAction replay(String id, String admin) {
        ConsumerRecord<String, byte[]> entry = dlqEntry(id);
        String target = EntryDescriber.header(entry, org.mailplatform.delivery.dlq.DeadLetters.ORIGINAL_TOPIC);
        if (target == null || !replayTargets.contains(target)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT,
                    "entry " + id + " has no replayable source topic (" + target + ")");
        }
        replayer.replay(entry, target, hidden.topic(), marker(HiddenEntries.REPLAYED, id, admin, target));
        return new DlqAction(id, HiddenEntries.REPLAYED, target);
    }

    /** Hides a DLQ entry for good (the record stays in Kafka until retention removes it). */
    DlqAction delete(String id, String admin) {
        dlqEntry(id);
        replayer.mark(hidden.topic(), id, marker(HiddenEntries.DELETED, id, admin, null));
        return new DlqAction(id, HiddenEntries.DELETED, null);
    }

    private ConsumerRecord<String, byte[]> dlqEntry(String id) {
        QueueTopic dlq = queue(DLQ);
        String[] parts = id.split("-", 2);
        int partition;
        long offset;
        try {
            partition = Integer.parseInt(parts[0]);
            offset = Long.parseLong(parts.length == 2 ? parts[1] : "");
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "an entry id is partition-offset, e.g. 0-42");
        }
        TopicPartition tp = new TopicPartition(dlq.topic(), partition);
        QueueReader.Range range = reader.pending(dlq).get(tp);
        if (range == null || offset < range.from() || offset >= range.to()) {
            throw notFound(id);
        }
        if (hidden.state(id).isPresent()) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "entry " + id + " was already "
                    + hidden.state(id).get().split(" ", 2)[0]);
        }
        return reader.readOne(tp, offset).orElseThrow(() -> notFound(id));
    }

    private QueueTopic queue(String name) {
        QueueTopic q = queues.get(name);
        if (q == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no queue " + name + "; queues: " + queues.keySet());
        }
        return q;
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no DLQ entry " + id);
    }

    /** The marker value: what, when, by whom (and where to), for the audit trail in the marker topic. */
    private static byte[] marker(String action, String id, String admin, String target) {
        return (action + " " + id + " at " + Instant.now() + " by " + admin + (target == null ? "" : " to " + target))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The result of a replay or delete. */
    record DlqAction(String id, String action, String topic) {
    }
}
