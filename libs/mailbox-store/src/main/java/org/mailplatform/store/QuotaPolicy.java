package org.mailplatform.store;

import org.mailplatform.model.Principal;

/** The quota limits of a user and of the user's domain (from the directory, or a configured default). */
@FunctionalInterface
public interface QuotaPolicy {

    /** Limits in bytes and messages; 0 for unlimited. */
    Limits limitsFor(Principal principal);

    /**
     * The user's own limits and those of all users of the user's domain together; 0 for unlimited.
     *
     * @param bytes          the user's storage
     * @param messages       the user's message count
     * @param domainBytes    the domain's storage, all its users together
     * @param domainMessages the domain's message count
     */
    record Limits(long bytes, long messages, long domainBytes, long domainMessages) {

        /** Limits for the user only; the domain unlimited. */
        public Limits(long bytes, long messages) {
            this(bytes, messages, 0, 0);
        }
    }

    /** The same limits for everybody. */
    static QuotaPolicy fixed(long bytes, long messages) {
        Limits limits = new Limits(bytes, messages);
        return principal -> limits;
    }
}
