package org.mailplatform.sieve;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import org.apache.jsieve.mail.Action;

/**
 * A message stored: in the keep mailbox ({@code mailbox} null: {@code keep}, explicit or implicit)
 * or in a named one ({@code fileinto}, maybe by special use first), with the flags it gets. A second
 * store to the same place adds its flags and its {@code :create} to the first (as Pigeonhole merges
 * duplicate stores).
 */
final class StoreAction implements Action {
    final String mailbox;
    final Set<String> flags;
    boolean create;
    /** {@code :specialuse}'s attribute (RFC 8579), or null. */
    final String specialUse;

    StoreAction(String mailbox, Set<String> flags, boolean create) {
        this(mailbox, flags, create, null);
    }

    StoreAction(String mailbox, Set<String> flags, boolean create, String specialUse) {
        this.mailbox = mailbox;
        this.flags = new LinkedHashSet<>(flags);
        this.create = create;
        this.specialUse = specialUse;
    }

    boolean samePlace(StoreAction other) {
        return Objects.equals(mailbox, other.mailbox) && Objects.equals(specialUse, other.specialUse);
    }

    void merge(StoreAction other) {
        flags.addAll(other.flags);
        create |= other.create;
    }

    @Override
    public String toString() {
        return (mailbox == null ? "keep" : "fileinto " + (specialUse == null ? "" : specialUse + " ") + mailbox) + " "
                + flags;
    }
}
