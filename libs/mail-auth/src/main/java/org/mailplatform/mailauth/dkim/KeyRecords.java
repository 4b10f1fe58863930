package org.mailplatform.mailauth.dkim;

import java.util.List;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.mailplatform.mailauth.dns.TxtLookup;

/**
 * Finds a signature's key records (RFC 6376 3.6.2): the TXT records at
 * {@code <selector>._domainkey.<domain>}, through {@link TxtLookup} so the caller's resolvers and
 * timeouts apply. No record is a permanent failure; no answer a temporary one.
 */
final class KeyRecords implements PublicKeyRecordRetriever {

    private final TxtLookup dns;

    KeyRecords(TxtLookup dns) {
        this.dns = dns;
    }

    @Override
    public List<String> getRecords(CharSequence method, CharSequence selector, CharSequence domain)
            throws TempFailException, PermFailException {
        if (!"dns/txt".contentEquals(method)) {
            throw new PermFailException("unsupported key query method " + method);
        }
        String name = selector + "._domainkey." + domain;
        try {
            List<String> records = dns.txt(name);
            if (records.isEmpty()) {
                throw new PermFailException("no key for signature");
            }
            return records;
        } catch (TxtLookup.TemporaryDnsFailure e) {
            throw new TempFailException("key lookup failed: " + e.getMessage());
        }
    }
}
