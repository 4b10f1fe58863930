package org.mailplatform.mailauth;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.mailauth.dmarc.DmarcVerdict;

/**
 * Writes the {@code Authentication-Results} field (RFC 8601) with which the receiving MTA tells the
 * mailbox what it checked: SPF, every DKIM signature, DMARC. One method per folded line, so the
 * field stays readable and its lines short. Everything from outside (addresses, domains, reasons)
 * is reduced to what the field's grammar allows; a value that would need quoting is left out or
 * replaced by its domain.
 */
public final class AuthenticationResults {

    /** Local part and domain characters that need no quoting in a property value. */
    private static final Pattern PLAIN_ADDRESS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]{1,254}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]{1,253}");

    private AuthenticationResults() {
    }

    /**
     * The field, ending in CRLF.
     *
     * @param authservId this host's name (the ADMD's authentication service id)
     * @param spf        the SPF check, or null when SPF was not evaluated
     * @param dkim       every signature's result (empty: the message is unsigned), or null when not verified
     * @param dmarc      the DMARC evaluation of each {@code From} domain (one for a well-formed
     *                   message), or null when it was not made
     */
    public static String field(String authservId, SpfReport spf, List<SignatureCheck> dkim, List<DmarcVerdict> dmarc) {
        StringBuilder f = new StringBuilder("Authentication-Results: ").append(authservId(authservId));
        int methods = 0;
        if (spf != null) {
            method(f, "spf=" + token(spf.result()) + " " + spfProperty(spf));
            methods++;
        }
        if (dkim != null) {
            if (dkim.isEmpty()) {
                method(f, "dkim=none");
            }
            for (SignatureCheck c : dkim) {
                StringBuilder m = new StringBuilder("dkim=").append(c.result().token());
                comment(m, c.reason());
                property(m, "header.d", domainOrNull(c.domain()));
                property(m, "header.s", c.selector() != null && DOMAIN.matcher(c.selector()).matches() ? c.selector() : null);
                property(m, "header.b", c.headerB());
                method(f, m.toString());
            }
            methods++;
        }
        for (DmarcVerdict verdict : dmarc == null ? List.<DmarcVerdict>of() : dmarc) {
            StringBuilder m = new StringBuilder("dmarc=").append(verdict.result().token());
            if (verdict.requested() != null) {
                m.append(" (p=").append(verdict.requested().token()).append(" dis=").append(verdict.disposition().token()).append(')');
            } else {
                comment(m, verdict.reason());
            }
            property(m, "header.from", domainOrNull(verdict.fromDomain()));
            method(f, m.toString());
            methods++;
        }
        if (methods == 0) {
            f.append("; none");
        }
        return f.append("\r\n").toString();
    }

    /**
     * The authserv-id written for a host name: the name in lower case, {@code localhost} for one that
     * is not a plain domain. {@link ForgedResultsFilter} removes incoming fields that claim it.
     */
    public static String authservId(String hostname) {
        return domainOrNull(hostname) == null ? "localhost" : hostname.toLowerCase(Locale.ROOT);
    }

    private static void method(StringBuilder field, String method) {
        field.append(";\r\n\t").append(method);
    }

    private static void property(StringBuilder method, String name, String value) {
        if (value != null && !value.isEmpty()) {
            method.append(' ').append(name).append('=').append(value);
        }
    }

    /** A comment with the characters that would end or nest it removed. */
    private static void comment(StringBuilder method, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]|[()\\\\]", " ").replaceAll(" +", " ").strip();
        if (clean.length() > 100) {
            clean = clean.substring(0, 100);
        }
        method.append(" (").append(clean).append(')');
    }

    private static String spfProperty(SpfReport spf) {
        if (spf.helo()) {
            String helo = domainOrNull(spf.identity());
            return helo == null ? "" : "smtp.helo=" + helo;
        }
        String address = spf.identity() == null ? "" : spf.identity();
        if (PLAIN_ADDRESS.matcher(address).matches() && address.indexOf('@') > 0) {
            return "smtp.mailfrom=" + address;
        }
        // a quoted or non-ASCII local part: the domain alone, which RFC 8601 2.3 allows
        String domain = domainOrNull(address.substring(address.lastIndexOf('@') + 1));
        return domain == null ? "" : "smtp.mailfrom=" + domain;
    }

    /** {@code domain} as a lower-case A-label when it is a syntactically plain domain, else null. */
    private static String domainOrNull(String domain) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        try {
            String ascii = IDN.toASCII(domain.strip(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return DOMAIN.matcher(ascii).matches() ? ascii : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String token(String word) {
        return word != null && word.matches("[a-z]{1,16}") ? word : "temperror";
    }
}
