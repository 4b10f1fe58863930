package org.mailplatform.mailauth.dmarc;

import java.util.Objects;

/**
 * The result of evaluating one message, with what the caller needs for Authentication-Results
 * ({@code dmarc=<result> header.from=<fromDomain>}, with {@code p=} and {@code dis=} in a comment) and for acting
 * on it (reject, or file in Junk).
 *
 * @param result       the DMARC result (RFC 7489 11.2)
 * @param fromDomain   the RFC5322.From domain evaluated (normalised when it was valid)
 * @param policyDomain the domain whose {@code _dmarc} record applied (the From domain or its Organizational
 *                     Domain), or null when no record was used
 * @param requested    the {@code p} or {@code sp} that applied, or null when no record was used
 * @param disposition  what to do with the message: the requested policy on fail, after pct sampling; always
 *                     {@link Policy#NONE} for pass, none, temperror and permerror
 * @param reason       a short explanation for a header comment or a log line; kept to printable ASCII and
 *                     {@value #MAX_REASON} characters here, because domain names and DNS errors in it come from
 *                     outside
 */
public record DmarcVerdict(DmarcResult result, String fromDomain, String policyDomain, Policy requested,
        Policy disposition, String reason) {

    static final int MAX_REASON = 200;

    public DmarcVerdict {
        Objects.requireNonNull(result, "result");
        disposition = disposition == null ? Policy.NONE : disposition;
        reason = printable(reason);
    }

    /** Whether the message should be refused (550 at end of DATA). */
    public boolean rejects() {
        return disposition == Policy.REJECT;
    }

    /** Whether the message should be accepted but filed as suspicious (Junk). */
    public boolean quarantines() {
        return disposition == Policy.QUARANTINE;
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REASON));
        for (int i = 0; i < text.length() && out.length() < MAX_REASON; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
