package org.mailplatform.imap.message;

import java.util.List;
import java.util.function.ToLongFunction;

import org.mailplatform.imap.message.MatchingMessages.Row;

/**
 * One node of a THREAD answer (RFC 5256): a message and its replies, or a dummy standing for a
 * message that is not there (a missing parent, or the common root of threads merged by subject),
 * which only the top level keeps.
 *
 * @param message  the message; {@code null} for a dummy
 * @param children its replies, oldest first
 */
record MessageThread(Row message, List<MessageThread> children) {

    MessageThread {
        children = List.copyOf(children);
    }

    /**
     * The thread-list of RFC 5256's grammar: {@code (3 6 (4 23)(44 7 96))}. A message with one reply
     * continues the list with it; with several, each reply opens a nested list; a dummy is just its
     * nested lists.
     */
    String render(ToLongFunction<Row> number) {
        StringBuilder out = new StringBuilder("(");
        members(number, out);
        return out.append(')').toString();
    }

    private void members(ToLongFunction<Row> number, StringBuilder out) {
        if (message != null) {
            out.append(number.applyAsLong(message));
            if (children.size() == 1) {
                out.append(' ');
                children.getFirst().members(number, out);
                return;
            }
            if (!children.isEmpty()) {
                out.append(' ');
            }
        }
        for (MessageThread child : children) {
            out.append(child.render(number));
        }
    }
}
