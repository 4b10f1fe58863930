package org.mailplatform.mailauth.dmarc;

import java.util.List;
import java.util.Objects;

/**
 * What the receiving server learnt about a message that DMARC needs (RFC 7489 4.2): the author's domain and the
 * identifiers SPF and DKIM authenticated. Only passing results are given, since only they can align.
 *
 * @param fromDomain  the RFC5322.From domain as a lower-case A-label (the caller converts IDNs); null or blank when
 *                    the message has none, which the caller handles itself (RFC 7489 6.6.1 leaves it to the
 *                    receiver); the evaluator then answers {@link DmarcResult#NONE}
 * @param spfDomain   the domain SPF authenticated with result pass: the MAIL FROM domain, or the HELO domain for
 *                    the null sender (RFC 7489 4.1); null when SPF did not pass
 * @param dkimDomains the {@code d=} of every DKIM signature that verified; empty when none did
 */
public record DmarcInput(String fromDomain, String spfDomain, List<String> dkimDomains) {

    public DmarcInput {
        dkimDomains = dkimDomains == null ? List.of() : dkimDomains.stream().filter(Objects::nonNull).toList();
    }
}
