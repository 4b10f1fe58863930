package org.mailplatform.store.sieve;

import java.util.List;
import java.util.Optional;

import org.mailplatform.model.Principal;

/**
 * A user's Sieve scripts. Every call takes the authenticated principal and sees that user's
 * scripts only. Scripts are checked for syntax by the caller (libs/sieve) before {@link #put}.
 */
public interface SieveScripts {

    /** The user's scripts, by name, with their contents. */
    List<SieveScript> list(Principal user);

    Optional<SieveScript> get(Principal user, String name);

    /**
     * Stores (creates or replaces) a script; an active script stays active.
     *
     * @throws SieveQuotaException beyond the per-user number of scripts or the script size limit
     * @throws IllegalArgumentException for a name that is not allowed
     */
    void put(Principal user, String name, String content) throws SieveQuotaException;

    /**
     * Makes {@code name} the active script (the others inactive); {@code null} deactivates all.
     *
     * @throws java.util.NoSuchElementException when there is no such script
     */
    void activate(Principal user, String name);

    /**
     * Deletes a script.
     *
     * @return false when there was none
     * @throws IllegalStateException for the active script (RFC 5804 2.10: deactivate it first)
     */
    boolean delete(Principal user, String name);

    /** Renames a script, keeping whether it is active. @throws IllegalStateException when the new name exists */
    void rename(Principal user, String from, String to);

    /** The active script, what final delivery runs. */
    Optional<SieveScript> active(Principal user);

    /** Removes all of a user's scripts and vacation records (when the user's data is deleted). */
    void deleteAll(Principal user);

    /** A limit on scripts was reached. */
    final class SieveQuotaException extends Exception {
        public SieveQuotaException(String message) {
            super(message);
        }
    }
}
