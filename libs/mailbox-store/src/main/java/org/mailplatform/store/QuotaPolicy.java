package org.mailplatform.store;

import org.mailplatform.model.Principal;

/** The quota limits of a user (from the directory, or a configured default). */
@FunctionalInterface
public interface QuotaPolicy {

    /** Limits in bytes and messages; 0 for unlimited. */
    Limits limitsFor(Principal principal);

    /** @param bytes 0 for unlimited; @param messages 0 for unlimited */
    record Limits(long bytes, long messages) {
    }

    /** The same limits for everybody. */
    static QuotaPolicy fixed(long bytes, long messages) {
        Limits limits = new Limits(bytes, messages);
        return principal -> limits;
    }
}
