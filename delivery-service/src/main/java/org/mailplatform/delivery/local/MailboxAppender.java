package org.mailplatform.delivery.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendOutcome;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.SpecialUse;

/**
 * Chooses the mailbox a delivery goes to and appends it there through mailbox-store, which checks the
 * quota atomically, parses the message once and stores it.
 *
 * <p>A message whose intake verdict says junk (a DMARC {@code p=quarantine} failure) goes to the
 * user's mailbox with the {@code \Junk} special use (RFC 6154) instead of the INBOX, whatever its name;
 * a user without one (deleted) gets it in the INBOX, as Dovecot and Gmail do: mail is never lost for
 * the lack of a folder. A batch holds one user's records for one mailbox only.
 *
 * <p>A mailbox not found at the append is tried once more ({@link #afterNotFound}): a first delivery
 * creates the default mailboxes.
 */
final class MailboxAppender {

    static final String INBOX = "INBOX";

    private final MailboxStore store;
    private final AppendRequests requests;

    MailboxAppender(MailboxStore store, AppendRequests requests) {
        this.store = store;
        this.requests = requests;
    }

    /** Where a delivery was stored, and how. */
    record Filed(String mailbox, AppendResult result) {
    }

    /** Where a batch was stored, and each record's outcome. */
    record FiledAll(String mailbox, List<AppendOutcome> outcomes) {
    }

    /** Appends one delivery to its mailbox under the inbound id. */
    Filed append(LocalDelivery d) {
        String mailbox = mailboxFor(d);
        try {
            return new Filed(mailbox, appendOnce(d, mailbox));
        } catch (MailboxException.NotFound gone) {
            mailbox = afterNotFound(d, mailbox);
            return new Filed(mailbox, appendOnce(d, mailbox));
        }
    }

    /** Appends one user's deliveries, in their order, as one store batch to the first one's mailbox. */
    FiledAll appendAll(List<LocalDelivery> deliveries) {
        LocalDelivery first = deliveries.getFirst();
        Principal p = first.principal();
        String mailbox = mailboxFor(first);
        try {
            return new FiledAll(mailbox, appendAllOnce(p, mailbox, deliveries));
        } catch (MailboxException.NotFound gone) {
            mailbox = afterNotFound(first, mailbox);
            return new FiledAll(mailbox, appendAllOnce(p, mailbox, deliveries));
        }
    }

    /**
     * The mailbox a delivery goes to: the INBOX, or for junk the user's {@code \Junk} mailbox under
     * whatever name it has now, the INBOX when there is none. Looked up for each junk delivery (or
     * batch): junk is rare, and a cached answer could name a mailbox deleted since.
     */
    String mailboxFor(LocalDelivery d) {
        if (!VerdictFields.junk(d.message())) {
            return INBOX;
        }
        return store.list(d.principal(), "", "*", false).stream()
                .filter(m -> m.specialUse() == SpecialUse.JUNK)
                .map(MailboxInfo::name)
                .findFirst()
                .orElse(INBOX);
    }

    /**
     * The user's mailbox with the special-use attribute {@code attribute} (Sieve's {@code special-use},
     * RFC 8579), or null when none has it or the store knows no such use; the default mailboxes are
     * made first for a user who has no INBOX yet, as for {@link #existsWithDefaults}.
     */
    String withSpecialUse(Principal user, String attribute) {
        SpecialUse use = specialUse(attribute);
        if (use == null) {
            return null;
        }
        if (!exists(user, INBOX)) {
            store.ensureDefaultMailboxes(user);
        }
        return store.list(user, "", "*", false).stream()
                .filter(m -> m.specialUse() == use)
                .map(MailboxInfo::name)
                .findFirst()
                .orElse(null);
    }

    /** The store's special use of an RFC 6154 attribute, in any case; null for one it has none of (\All, \Flagged). */
    static SpecialUse specialUse(String attribute) {
        for (SpecialUse use : SpecialUse.values()) {
            if (use.attribute() != null && use.attribute().equalsIgnoreCase(attribute)) {
                return use;
            }
        }
        return null;
    }

    /**
     * Creates {@code name} with the special use of {@code attribute} ({@code fileinto :specialuse
     * :create}, RFC 8579 4), or plainly when the store knows no such use or another mailbox took it
     * meanwhile; the name it got.
     *
     * @throws MailboxException.InvalidName a name the store refuses
     * @throws MailboxException.NotAllowed  the user has as many mailboxes as they may
     */
    String create(Principal user, String name, String attribute) {
        SpecialUse use = specialUse(attribute);
        if (use == null || use == SpecialUse.INBOX) {
            return create(user, name);
        }
        try {
            return store.create(user, name, use).name();
        } catch (MailboxException.SpecialUseTaken taken) {
            return create(user, name);
        } catch (MailboxException.AlreadyExists raced) {
            return name;
        }
    }

    /**
     * The mailbox to try again after {@code missing} was not found: a first delivery finds no INBOX,
     * so the default mailboxes (Junk among them) are created; a Junk mailbox deleted or renamed since
     * it was looked up is looked up again (never created again: the user deleted it).
     */
    String afterNotFound(LocalDelivery d, String missing) {
        if (INBOX.equals(missing)) {
            store.ensureDefaultMailboxes(d.principal());
        }
        return mailboxFor(d);
    }

    /**
     * Creates {@code name} for the user with the store's name rules and limits (Sieve's
     * {@code fileinto :create}); the name it got (INBOX's children in its spelling). One created
     * meanwhile (another instance, an IMAP client) is that one.
     *
     * @throws MailboxException.InvalidName a name the store refuses
     * @throws MailboxException.NotAllowed  the user has as many mailboxes as they may
     */
    String create(Principal user, String name) {
        try {
            return store.create(user, name).name();
        } catch (MailboxException.AlreadyExists raced) {
            return name;
        }
    }

    /** Whether the user has a mailbox of this name. */
    boolean exists(Principal user, String name) {
        try {
            return store.find(user, name).isPresent();
        } catch (MailboxException.InvalidName bad) {
            // a name the store refuses is a mailbox that does not exist
            return false;
        }
    }

    /**
     * Whether the user has {@code name}, creating the default mailboxes first for a user who has no
     * INBOX yet: at a user's first delivery the defaults (Archive, Junk, ...) do not exist until the
     * first append creates them, and a script's {@code fileinto "Archive"} must find them then as
     * it will ever after.
     */
    boolean existsWithDefaults(Principal user, String name) {
        if (exists(user, name)) {
            return true;
        }
        if (!exists(user, INBOX)) {
            store.ensureDefaultMailboxes(user);
            return exists(user, name);
        }
        return false;
    }

    /** One append to {@code mailbox} under the inbound id, without a second try. */
    AppendResult appendOnce(LocalDelivery d, String mailbox) {
        return appendOnce(d, mailbox, d.message().id());
    }

    /** One append to {@code mailbox} under {@code key}, without a second try. */
    AppendResult appendOnce(LocalDelivery d, String mailbox, String key) {
        return appendOnce(d, mailbox, key, Set.of());
    }

    /** One append to {@code mailbox} under {@code key} with initial {@code flags}, without a second try. */
    AppendResult appendOnce(LocalDelivery d, String mailbox, String key, Set<String> flags) {
        AppendRequest request = requests.of(d, key, flags);
        try (InputStream content = request.content()) {
            return store.append(d.principal(), mailbox, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<AppendOutcome> appendAllOnce(Principal p, String mailbox, List<LocalDelivery> deliveries) {
        List<AppendRequest> batch = new ArrayList<>();
        try {
            for (LocalDelivery d : deliveries) {
                batch.add(requests.of(d));
            }
            return store.appendAll(p, mailbox, batch);
        } finally {
            for (AppendRequest r : batch) {
                if (r.content() == null) {
                    continue;
                }
                try {
                    r.content().close();
                } catch (IOException ignored) {
                    // a download not read to its end; nothing to keep
                }
            }
        }
    }
}
