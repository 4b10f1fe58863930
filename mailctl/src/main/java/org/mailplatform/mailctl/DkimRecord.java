package org.mailplatform.mailctl;

import java.util.ArrayList;
import java.util.List;

/**
 * A DKIM key's TXT record in zone-file form, ready to paste into a BIND-style zone. A TXT string
 * holds at most 255 octets (RFC 1035 section 3.3.14), and a 2048-bit key alone is longer, so the
 * record is split into several strings, which verifiers join without separator (RFC 6376 section
 * 3.6.2.2): the tags in one, the key in as many as it takes.
 */
final class DkimRecord {

    static final int MAX_STRING = 255;

    /** e.g. {@code sel._domainkey.example.test. IN TXT ( "v=DKIM1; k=rsa; " "p=MIIB..." "..." )} over lines. */
    static String zoneEntry(String dnsName, String record) {
        StringBuilder entry = new StringBuilder(dnsName).append(". IN TXT (");
        for (String part : strings(record)) {
            entry.append("\n    \"").append(part).append('"');
        }
        return entry.append(" )").toString();
    }

    /** The record cut before {@code p=} and then every {@value #MAX_STRING} characters. */
    static List<String> strings(String record) {
        List<String> parts = new ArrayList<>();
        int key = record.indexOf("p=");
        if (key > 0) {
            parts.add(record.substring(0, key));
        }
        for (int start = Math.max(key, 0); start < record.length(); start += MAX_STRING) {
            parts.add(record.substring(start, Math.min(record.length(), start + MAX_STRING)));
        }
        return parts;
    }

    private DkimRecord() {
    }
}
