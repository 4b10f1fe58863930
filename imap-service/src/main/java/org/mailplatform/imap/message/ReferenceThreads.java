package org.mailplatform.imap.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailplatform.imap.message.MatchingMessages.Row;

/**
 * THREAD=REFERENCES (RFC 5256 section 3, after Jamie Zawinski's algorithm): messages are linked by
 * their {@code References} (or, without any, the first id of {@code In-Reply-To}) into trees, with
 * dummies for referenced messages that are not in the set; dummies are pruned, the roots sorted
 * by sent date and merged by base subject, and every set of siblings sorted by sent date, ties by
 * sequence number. The numbered steps below are the RFC's.
 */
final class ReferenceThreads {

    private static final Pattern MSG_ID = Pattern.compile("<([^<>]+)>");

    /** A message or a dummy, while the tree is being built. */
    private static final class Container {
        Row message;
        Container parent;
        final List<Container> children = new ArrayList<>();

        boolean isDummy() {
            return message == null;
        }

        /** Whether {@code other} is this container or one of its ancestors. */
        boolean hasAncestorOrIs(Container other) {
            for (Container c = this; c != null; c = c.parent) {
                if (c == other) {
                    return true;
                }
            }
            return false;
        }

        void adopt(Container child) {
            if (child.parent != null) {
                child.parent.children.remove(child);
            }
            child.parent = this;
            children.add(child);
        }

        void orphan() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }

        /** The message itself, or for a dummy its first child's (children sorted first). */
        Row representative() {
            return isDummy() ? (children.isEmpty() ? null : children.getFirst().representative()) : message;
        }
    }

    private ReferenceThreads() {
    }

    static List<MessageThread> of(List<Row> rows) {
        List<Container> roots = link(rows.stream().sorted(Comparator.comparingInt(Row::seq)).toList());
        roots = prune(roots);
        // step 4: a dummy at the top sorts by its first child, so its children are sorted first
        roots.forEach(ReferenceThreads::sortChildren);
        roots.sort(BY_SENT_DATE);
        roots = mergeBySubject(roots);
        roots.forEach(ReferenceThreads::sortChildren);
        roots.sort(BY_SENT_DATE);
        return roots.stream().map(ReferenceThreads::freeze).toList();
    }

    /** Steps 1 and 2: the parent/child links, and the containers without a parent. */
    private static List<Container> link(List<Row> bySequence) {
        Map<String, Container> byId = new HashMap<>();
        List<Container> all = new ArrayList<>();
        int unique = 0;
        for (Row row : bySequence) {
            String id = firstId(row.envelope().messageId());
            // no Message-ID, or the same as an earlier message's: a unique one, so it stands alone
            if (id == null || (byId.containsKey(id) && !byId.get(id).isDummy())) {
                id = "\0" + unique++;
            }
            Container self = byId.computeIfAbsent(id, k -> {
                Container c = new Container();
                all.add(c);
                return c;
            });
            self.message = row;
            // 1A: each reference the parent of the next, never changing an existing link or
            // making a loop
            Container previous = null;
            for (String reference : references(row)) {
                Container current = byId.computeIfAbsent(reference, k -> {
                    Container c = new Container();
                    all.add(c);
                    return c;
                });
                if (previous != null && current.parent == null && !previous.hasAncestorOrIs(current)) {
                    previous.adopt(current);
                }
                previous = current;
            }
            // 1B: the last reference is this message's parent, replacing a link guessed from
            // another message's (perhaps truncated) references, unless that would make a loop
            self.orphan();
            if (previous != null && !previous.hasAncestorOrIs(self)) {
                previous.adopt(self);
            }
        }
        return new ArrayList<>(all.stream().filter(c -> c.parent == null).toList());
    }

    /** Step 3: dummies without children go, those with children give them to their parent level. */
    private static List<Container> prune(List<Container> siblings) {
        List<Container> kept = new ArrayList<>();
        for (Container c : siblings) {
            List<Container> children = prune(c.children);
            c.children.clear();
            children.forEach(child -> child.parent = c);
            c.children.addAll(children);
            if (!c.isDummy()) {
                kept.add(c);
            } else if (c.children.size() == 1 || (c.parent != null && !c.children.isEmpty())) {
                // promoted; at the root only a single child is, so that a dummy's several
                // children stay together as one thread
                for (Container child : c.children) {
                    child.parent = c.parent;
                    kept.add(child);
                }
                c.children.clear();
            } else if (!c.children.isEmpty()) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Step 5: top-level threads with the same base subject become one. */
    private static List<Container> mergeBySubject(List<Container> roots) {
        // each thread's subject is parsed once: decoding and stripping markers is the costly part
        Map<Container, BaseSubject> subjects = new IdentityHashMap<>();
        Function<Container, BaseSubject> subjectOf = c -> subjects.computeIfAbsent(c, ReferenceThreads::subjectOf);
        Map<String, Container> table = new HashMap<>();
        for (Container c : roots) {
            BaseSubject subject = subjectOf.apply(c);
            if (subject.text().isEmpty()) {
                continue;
            }
            Container there = table.get(subject.text());
            if (there == null || (!there.isDummy() && (c.isDummy()
                    || (subjectOf.apply(there).replyOrForward() && !subject.replyOrForward())))) {
                table.put(subject.text(), c);
            }
        }
        // identity set (Container keeps Object's equals): removals and replacements in constant
        // time, since 100,000 top-level threads may merge; step 6 sorts the result again
        Set<Container> result = new LinkedHashSet<>(roots);
        for (Container c : roots) {
            BaseSubject subject = subjectOf.apply(c);
            Container there = subject.text().isEmpty() ? null : table.get(subject.text());
            if (there == null || there == c || c.parent != null) {
                continue;
            }
            if (there.isDummy() && c.isDummy()) {
                for (Container child : c.children) {
                    child.parent = there;
                    there.children.add(child);
                }
                c.children.clear();
            } else if (there.isDummy() || (subject.replyOrForward() && !subjectOf.apply(there).replyOrForward())) {
                there.adopt(c);
            } else {
                // same subject, neither a reply: siblings under a new dummy
                Container dummy = new Container();
                result.remove(there);
                result.add(dummy);
                dummy.adopt(there);
                dummy.adopt(c);
                table.put(subject.text(), dummy);
            }
            result.remove(c);
        }
        return new ArrayList<>(result);
    }

    /** Step 6: every set of siblings by sent date, the youngest generation first. */
    private static void sortChildren(Container c) {
        c.children.forEach(ReferenceThreads::sortChildren);
        c.children.sort(BY_SENT_DATE);
    }

    private static final Comparator<Container> BY_SENT_DATE = Comparator
            .comparing((Container c) -> sentDate(c.representative()))
            .thenComparingInt(c -> c.representative() == null ? Integer.MAX_VALUE : c.representative().seq());

    private static Instant sentDate(Row row) {
        return row == null ? Instant.MAX : row.sentDate();
    }

    /** The subject of a thread: its message's, or for a dummy its first child's. */
    private static BaseSubject subjectOf(Container c) {
        // a dummy's children are sorted by then (step 4), or share its base subject (step 5)
        Row row = c.isDummy() ? (c.children.isEmpty() ? null : c.children.getFirst().representative()) : c.message;
        return row == null ? new BaseSubject("", false) : BaseSubject.parse(row.envelope().subject());
    }

    private static MessageThread freeze(Container c) {
        List<MessageThread> children = new ArrayList<>(c.children.size());
        for (Container child : c.children) {
            children.add(freeze(child));
        }
        return new MessageThread(c.message, children);
    }

    /** The References ids, or without any the first id of In-Reply-To (RFC 5256 section 3, step 1). */
    static List<String> references(Row row) {
        List<String> ids = new ArrayList<>();
        if (row.meta().summary() != null) {
            for (String header : row.meta().summary().headers("References")) {
                ids.addAll(allIds(header));
            }
        }
        if (ids.isEmpty()) {
            String inReplyTo = firstId(row.envelope().inReplyTo());
            if (inReplyTo != null) {
                ids.add(inReplyTo);
            }
        }
        return ids;
    }

    private static String firstId(String header) {
        List<String> ids = allIds(header);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    /** The msg-ids of a header, white space removed (folding), compared as they are, case included. */
    private static List<String> allIds(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = MSG_ID.matcher(header);
            while (m.find()) {
                String id = m.group(1).replaceAll("\\s+", "");
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
