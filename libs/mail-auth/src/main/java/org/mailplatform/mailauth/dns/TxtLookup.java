package org.mailplatform.mailauth.dns;

import java.util.List;

/**
 * The DNS TXT queries message authentication makes (DKIM keys, DMARC policies), behind an interface
 * so the library stays free of a resolver: smtp-ingress answers them with its dnsjava resolvers,
 * tests with a static zone. Implementations bound every query by their own timeout.
 */
@FunctionalInterface
public interface TxtLookup {

    /**
     * The TXT records at {@code name}, each record's character-strings joined without separator
     * (RFC 7208 3.3, RFC 6376 3.6.2.2).
     *
     * @return the records; empty when the name or its TXT records do not exist (NXDOMAIN, NODATA)
     * @throws TemporaryDnsFailure when no answer could be had (timeout, SERVFAIL)
     */
    List<String> txt(String name) throws TemporaryDnsFailure;

    /** A lookup that may succeed if tried again later. */
    final class TemporaryDnsFailure extends Exception {
        public TemporaryDnsFailure(String message) {
            super(message);
        }
    }
}
