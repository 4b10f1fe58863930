package org.mailplatform.imap.message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailplatform.imap.message.MatchingMessages.Row;

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 section 3): messages with the same base subject form one thread,
 * the oldest (by sent date, then sequence number) is the parent and all others its children, oldest
 * first; threads are ordered by their parent's sent date.
 */
final class OrderedSubjectThreads {

    private OrderedSubjectThreads() {
    }

    static List<MessageThread> of(List<Row> rows) {
        Comparator<Row> bySentDate = Comparator.comparing(Row::sentDate).thenComparingInt(Row::seq);
        Map<String, List<Row>> bySubject = new LinkedHashMap<>();
        rows.stream().sorted(bySentDate)
                .forEach(r -> bySubject.computeIfAbsent(BaseSubject.of(r.envelope().subject()), k -> new ArrayList<>()).add(r));
        // the groups were filled in sent-date order, so each group's first row is its oldest and
        // the map's order is the order of the threads
        List<MessageThread> threads = new ArrayList<>(bySubject.size());
        for (List<Row> group : bySubject.values()) {
            List<MessageThread> children = group.subList(1, group.size()).stream()
                    .map(r -> new MessageThread(r, List.of())).toList();
            threads.add(new MessageThread(group.getFirst(), children));
        }
        return threads;
    }
}
