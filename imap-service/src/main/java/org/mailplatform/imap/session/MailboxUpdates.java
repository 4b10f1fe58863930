package org.mailplatform.imap.session;

import java.util.List;

import org.mailplatform.imap.codec.ImapResponse;

/**
 * Brings a session's view of its selected mailbox up to date (RFC 9051 section 7.4). Blocking:
 * runs off the event loop, while the session has no other command in flight.
 */
public interface MailboxUpdates {

    /**
     * @param responses        EXPUNGE, EXISTS and FETCH responses to send, in order
     * @param expungesWithheld some messages were expunged but could not be reported yet
     */
    record Update(List<ImapResponse> responses, boolean expungesWithheld) {
    }

    /**
     * The untagged responses that tell the client what changed; updates {@code selected}.
     *
     * @param expungesAllowed false while answering FETCH, STORE or SEARCH by sequence number (RFC 9051
     *                        section 7.5.1): expunged messages then stay in the view until a later update
     */
    Update update(SessionData session, SelectedMailbox selected, boolean expungesAllowed);
}
