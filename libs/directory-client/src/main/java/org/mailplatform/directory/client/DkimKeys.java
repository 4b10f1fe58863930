package org.mailplatform.directory.client;

/**
 * DKIM signing keys from the directory, for the outbound relay (RFC 6376). A hosted domain has at
 * most one active signing key per algorithm (RSA, Ed25519: RFC 8463); {@link HttpDirectory}
 * implements it next to {@link Directory}, and caches answers, "no key" included, like resolutions.
 */
public interface DkimKeys {

    /**
     * The active signing keys of a hosted domain.
     *
     * @param domain the domain as it appears in the {@code From} header, any case, A-label or U-label
     * @return the keys, {@link DkimKeyResult.NoKey} when the domain is not hosted or has no active
     *         key of an algorithm this client knows, or {@link DkimKeyResult.Unavailable}; never throws
     */
    DkimKeyResult signingKeys(String domain);
}
