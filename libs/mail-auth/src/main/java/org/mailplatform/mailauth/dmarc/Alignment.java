package org.mailplatform.mailauth.dmarc;

import java.util.Collection;
import java.util.Optional;

/**
 * Identifier alignment (RFC 7489 3.1): whether a domain SPF or DKIM authenticated speaks for the From domain.
 * Strict mode wants the same name; relaxed mode the same Organizational Domain, so {@code d=example.com} covers
 * mail from {@code news.example.com} and the other way round.
 */
final class Alignment {

    private final OrganizationalDomain orgs;

    Alignment(OrganizationalDomain orgs) {
        this.orgs = orgs;
    }

    /**
     * The first of {@code authenticated} that aligns with {@code fromDomain} (already normalised, with
     * Organizational Domain {@code fromOrg}); names that are not valid domain names never align.
     */
    Optional<String> firstAligned(Collection<String> authenticated, String fromDomain, String fromOrg,
            boolean strict) {
        for (String domain : authenticated) {
            if (aligned(domain, fromDomain, fromOrg, strict)) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }

    private boolean aligned(String domain, String fromDomain, String fromOrg, boolean strict) {
        if (domain == null) {
            return false;
        }
        try {
            return strict ? orgs.normalize(domain).equals(fromDomain) : orgs.of(domain).equals(fromOrg);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
