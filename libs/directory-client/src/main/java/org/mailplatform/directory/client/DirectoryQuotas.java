package org.mailplatform.directory.client;

import org.mailplatform.model.Principal;

/**
 * Quota settings from the directory, for the services that enforce them (local delivery, IMAP
 * APPEND, the mailbox REST API). {@link HttpDirectory} implements it next to {@link Directory};
 * answers are cached like resolutions.
 */
public interface DirectoryQuotas {

    /** The limits of this user and of its domain; never throws. */
    QuotaResult quotaOf(Principal principal);
}
