package org.mailplatform.mailauth.dmarc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a published DMARC policy record (RFC 7489 6.3) that decide a message's fate; reporting tags
 * ({@code rua}, {@code ruf}, {@code fo}, {@code rf}, {@code ri}) are not kept since this platform does not send
 * reports, but {@code rua} still matters to parsing (6.6.3 step 6).
 *
 * @param policy          {@code p}: what the Domain Owner asks for failing mail from its domain
 * @param subdomainPolicy {@code sp}: the same for subdomains when found via the Organizational Domain, or null
 *                        when the record has no {@code sp} (then {@code p} applies)
 * @param strictDkim      {@code adkim=s}: DKIM's d= must equal the From domain, not only share its
 *                        Organizational Domain
 * @param strictSpf       {@code aspf=s}: the same for the SPF-authenticated domain
 * @param percent         {@code pct}: the share of failing mail (0..100) the policy is applied to
 */
public record DmarcRecord(Policy policy, Policy subdomainPolicy, boolean strictDkim, boolean strictSpf,
        int percent) {

    /**
     * Longest record text looked at. Real records are a few hundred characters; a longer one is refused rather
     * than parsed so that hostile DNS data cannot make us work on megabytes.
     */
    static final int MAX_LENGTH = 4096;

    private static final String VERSION = "DMARC1";

    public DmarcRecord {
        if (policy == null) {
            throw new IllegalArgumentException("policy is required");
        }
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100: " + percent);
        }
    }

    /**
     * Whether a TXT record at a {@code _dmarc} name is a DMARC record at all: its first tag is {@code v=DMARC1}
     * (6.6.3 step 2). Such a record counts in discovery even when it later fails to {@link #parse}. The version
     * value is compared exactly, as the ABNF gives it in %x form; whitespace around {@code =} is allowed.
     */
    public static boolean isDmarc(String txt) {
        if (txt == null) {
            return false;
        }
        int semi = txt.indexOf(';');
        String first = semi < 0 ? txt : txt.substring(0, semi);
        int eq = first.indexOf('=');
        return eq > 0 && TagList.stripWsp(first.substring(0, eq)).equalsIgnoreCase("v")
                && TagList.stripWsp(first.substring(eq + 1)).equals(VERSION);
    }

    /**
     * Parses a DMARC TXT record following RFC 7489 6.3, 6.4 and 6.6.3 steps 5 and 6.
     *
     * <ul>
     * <li>{@code v=DMARC1} must be the first tag, else empty;</li>
     * <li>unknown tags are ignored; {@code adkim}/{@code aspf} other than {@code r}/{@code s} fall back to
     * relaxed, {@code pct} outside 0..100 or not a number falls back to 100 (the defaults of 6.3);</li>
     * <li>a missing or invalid {@code p}, or an invalid {@code sp}, makes the record unusable unless {@code rua}
     * holds at least one syntactically valid URI: then the Domain Owner evidently wants reports, and the record
     * acts as {@code p=none} (step 6.1);</li>
     * <li>a repeated tag, or a text longer than {@link #MAX_LENGTH}, gives empty.</li>
     * </ul>
     *
     * @return the record, or empty when it is not a usable DMARC record; never throws
     */
    public static Optional<DmarcRecord> parse(String txt) {
        if (txt == null || txt.length() > MAX_LENGTH || !isDmarc(txt)) {
            return Optional.empty();
        }
        Optional<TagList> parsed = TagList.parse(txt);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        TagList tags = parsed.get();
        boolean strictDkim = "s".equalsIgnoreCase(tags.get("adkim"));
        boolean strictSpf = "s".equalsIgnoreCase(tags.get("aspf"));
        int percent = percent(tags.get("pct"));

        Optional<Policy> p = Policy.fromToken(tags.get("p"));
        String spValue = tags.get("sp");
        Optional<Policy> sp = Policy.fromToken(spValue);
        if (p.isEmpty() || (spValue != null && sp.isEmpty())) {
            return hasValidUri(tags.get("rua"))
                    ? Optional.of(new DmarcRecord(Policy.NONE, null, strictDkim, strictSpf, percent))
                    : Optional.empty();
        }
        return Optional.of(new DmarcRecord(p.get(), sp.orElse(null), strictDkim, strictSpf, percent));
    }

    /** The policy for mail from the record's own domain, or from a subdomain that found it via its org domain. */
    public Policy policyFor(boolean subdomain) {
        return subdomain && subdomainPolicy != null ? subdomainPolicy : policy;
    }

    private static int percent(String value) {
        if (value == null || value.isEmpty() || value.length() > 3 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 100;
        }
        int n = Integer.parseInt(value);
        return n <= 100 ? n : 100;
    }

    /** 6.4 dmarc-urilist: comma-separated absolute URIs, each optionally followed by {@code !size[kmgt]}. */
    private static boolean hasValidUri(String rua) {
        if (rua == null) {
            return false;
        }
        for (String item : List.of(rua.split(","))) {
            String uri = TagList.stripWsp(item).replaceFirst("![0-9]+[kmgtKMGT]?$", "");
            try {
                URI parsed = new URI(uri);
                if (parsed.isAbsolute() && !parsed.getSchemeSpecificPart().isEmpty()) {
                    return true;
                }
            } catch (URISyntaxException e) {
                // not this one; try the next
            }
        }
        return false;
    }
}
