package org.mailplatform.mailauth.dmarc;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.mailauth.dns.TxtLookup;
import org.mailplatform.mailauth.dns.TxtLookup.TemporaryDnsFailure;

/**
 * Finds the DMARC record that applies to a From domain (RFC 7489 6.6.3 steps 1 to 4): {@code _dmarc.<from>},
 * then, only when no DMARC record is there, {@code _dmarc.<organizational domain>}. At most these two queries,
 * so a message cannot make us walk the DNS tree.
 */
final class PolicyDiscovery {

    /** TXT records looked at per name; a {@code _dmarc} name has one, a few more are other uses or mistakes. */
    static final int MAX_RECORDS = 16;

    /** What discovery found. */
    sealed interface Outcome {
    }

    /** One DMARC record at {@code domain}, its text not yet parsed: it may still be unusable (6.6.3 step 6). */
    record Found(String domain, String text) implements Outcome {
    }

    /** No DMARC record at either name. */
    record Absent() implements Outcome {
    }

    /** More than one DMARC record at {@code domain}: discovery stops and DMARC is not applied (step 4). */
    record Several(String domain) implements Outcome {
    }

    /** A query failed temporarily. */
    record TempError(String domain, String detail) implements Outcome {
    }

    private final TxtLookup dns;

    PolicyDiscovery(TxtLookup dns) {
        this.dns = dns;
    }

    /** Looks up the record for {@code fromDomain}, falling back to {@code orgDomain} when it differs. */
    Outcome discover(String fromDomain, String orgDomain) {
        Outcome atFrom = at(fromDomain);
        if (atFrom instanceof Absent && !orgDomain.equals(fromDomain)) {
            return at(orgDomain);
        }
        return atFrom;
    }

    private Outcome at(String domain) {
        List<String> answers;
        try {
            answers = dns.txt("_dmarc." + domain);
        } catch (TemporaryDnsFailure e) {
            return new TempError(domain, e.getMessage());
        }
        List<String> dmarc = new ArrayList<>();
        if (answers != null) {
            for (String txt : answers.subList(0, Math.min(answers.size(), MAX_RECORDS))) {
                if (DmarcRecord.isDmarc(txt)) {
                    dmarc.add(txt);
                }
            }
        }
        return switch (dmarc.size()) {
            case 0 -> new Absent();
            case 1 -> new Found(domain, dmarc.getFirst());
            default -> new Several(domain);
        };
    }
}
