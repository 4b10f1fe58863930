package org.mailplatform.imap.session;

import java.util.HashMap;
import java.util.Map;

/**
 * How many commands beyond the command rate one connection's SELECTs and EXAMINEs earn: a sync
 * client that works one message per command (offlineimap's {@code UID FETCH n (BODY.PEEK[])},
 * mbsync in small batches, Thunderbird's offline download) takes each message's body, may store
 * its flags and may copy or move it, so each message earns {@value #COMMANDS_PER_MESSAGE} commands,
 * once per connection (selecting a mailbox again earns only its new messages), and at most
 * {@value #MAX_CREDITED_MESSAGES} messages do over the connection, since a mailbox deleted and made
 * again is a new one. Used on the connection's event loop only.
 */
final class SelectCredit {

    static final int COMMANDS_PER_MESSAGE = 3;
    static final long MAX_CREDITED_MESSAGES = 100_000;

    /** By mailbox id and UIDVALIDITY: the highest UID whose message was credited. */
    private final Map<String, Long> creditedUpTo = new HashMap<>();
    private long creditedMessages;

    /** The commands {@code mailbox}, just selected, earns (0 when all its messages earned theirs). */
    long commandsFor(SelectedMailbox mailbox) {
        return COMMANDS_PER_MESSAGE * newMessages(mailbox, MAX_CREDITED_MESSAGES);
    }

    /**
     * Marks the messages of {@code mailbox} not credited before (a UID above the highest one credited
     * for it) as credited, at most {@code limit} messages over the connection, and returns how many.
     */
    long newMessages(SelectedMailbox mailbox, long limit) {
        if (mailbox.exists() == 0) {
            return 0;
        }
        String key = mailbox.id() + "/" + mailbox.uidValidity();
        long upTo = creditedUpTo.getOrDefault(key, 0L);
        long messages = Math.min(mailbox.countAbove(upTo), Math.max(0, limit - creditedMessages));
        if (messages > 0) {
            creditedMessages += messages;
            creditedUpTo.put(key, mailbox.uids().getLast());
        }
        return messages;
    }
}
