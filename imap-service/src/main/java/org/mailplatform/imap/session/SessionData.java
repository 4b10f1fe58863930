package org.mailplatform.imap.session;

import java.util.LinkedHashSet;
import java.util.Set;

import org.mailplatform.imap.codec.SessionState;
import org.mailplatform.model.Principal;

/** What one connection knows about its client (RFC 9051 section 3), touched only on its event loop. */
public final class SessionData {

    private SessionState state = SessionState.NOT_AUTHENTICATED;
    private Principal principal;
    private final Set<String> enabled = new LinkedHashSet<>();
    private int failedLogins;
    private SelectedMailbox selected;
    private boolean changesPending;

    public SessionState state() {
        return state;
    }

    public void state(SessionState state) {
        this.state = state;
    }

    /** The authenticated user; {@code null} before login. */
    public Principal principal() {
        return principal;
    }

    public void authenticated(Principal principal) {
        this.principal = principal;
        this.state = SessionState.AUTHENTICATED;
    }

    /** Extensions turned on with ENABLE (RFC 5161), upper case. */
    public Set<String> enabled() {
        return enabled;
    }

    /** IMAP4rev2 semantics (RFC 9051 section 1): ENABLE IMAP4rev2 was sent. */
    public boolean rev2() {
        return enabled.contains("IMAP4REV2");
    }

    /** Mailbox names and quoted strings in UTF-8 (IMAP4rev2 or UTF8=ACCEPT, RFC 6855), not modified UTF-7. */
    public boolean utf8() {
        return rev2() || enabled.contains("UTF8=ACCEPT");
    }

    /** CONDSTORE is on: enabled, or implied by QRESYNC or a CONDSTORE-using command (RFC 7162 section 3.1). */
    public boolean condstore() {
        return enabled.contains("CONDSTORE") || enabled.contains("QRESYNC");
    }

    /**
     * A CONDSTORE-enabling command was used (RFC 7162 section 3.1: SELECT (CONDSTORE), FETCH MODSEQ
     * or CHANGEDSINCE, STORE UNCHANGEDSINCE, SEARCH MODSEQ, STATUS HIGHESTMODSEQ): from now on every
     * FETCH with FLAGS carries MODSEQ.
     */
    public void useCondstore() {
        enabled.add("CONDSTORE");
    }

    public boolean qresync() {
        return enabled.contains("QRESYNC");
    }

    /** The selected mailbox; {@code null} unless in the SELECTED state. */
    public SelectedMailbox selected() {
        return selected;
    }

    /** Enters SELECTED with {@code mailbox}, or goes back to AUTHENTICATED with {@code null}. */
    public void select(SelectedMailbox mailbox) {
        this.selected = mailbox;
        this.changesPending = false;
        this.state = mailbox == null ? SessionState.AUTHENTICATED : SessionState.SELECTED;
    }

    /** The selected mailbox changed (news from the change feed) and the client has not been told yet. */
    public boolean changesPending() {
        return changesPending;
    }

    public void changesPending(boolean pending) {
        this.changesPending = pending;
    }

    public int failedLogin() {
        return ++failedLogins;
    }
}
