package org.mailplatform.smtp.spf;

import java.util.Locale;

/** The results of RFC 7208 section 2.6, written in lower case in Received-SPF and metric tags. */
public enum SpfResult {
    PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, TEMPERROR, PERMERROR;

    /** The result's name in RFC 7208 (and jSPF's result strings): {@code pass}, {@code temperror}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** jSPF's result string; anything unknown is treated as a temporary error, never as a pass. */
    static SpfResult of(String keyword) {
        for (SpfResult r : values()) {
            if (r.keyword().equalsIgnoreCase(keyword)) {
                return r;
            }
        }
        return TEMPERROR;
    }
}
