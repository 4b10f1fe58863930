package org.mailplatform.mailauth.dmarc;

import com.google.common.net.InternetDomainName;

/**
 * The Organizational Domain of RFC 7489 3.2: the public suffix a domain is registered under plus one label,
 * found with the Public Suffix List bundled in Guava's {@link InternetDomainName} (kept current by Guava
 * releases, so no list file to ship or refresh here).
 *
 * <p><b>Which part of the list.</b> The PSL has an ICANN section ({@code com}, {@code co.uk}) and a private
 * section ({@code github.io}, {@code blogspot.com}). RFC 7489 3.2 uses the list as a whole, and that is what
 * protects the private section's users: {@code alice.github.io} and {@code mallory.github.io} belong to
 * different people, and must not align with each other through a shared {@code github.io}. So this uses
 * {@link InternetDomainName#publicSuffix()} / {@link InternetDomainName#topPrivateDomain()} (whole list), and
 * deliberately not {@code registrySuffix()} / {@code topDomainUnderRegistrySuffix()} (ICANN section only).
 *
 * <p><b>Names the list does not know.</b> A name that is itself a public suffix ({@code co.uk}) is its own
 * Organizational Domain. A TLD the list does not have ({@code zzz}) is taken as a one-label public suffix, the
 * PSL algorithm's implicit {@code *} rule: so {@code mail.example.zzz} has {@code example.zzz} and {@code zzz}
 * itself is its own. That rule also gives the right answer for a new gTLD added after the bundled list was cut.
 *
 * <p>Names in and out are lower-case A-labels (the caller converts IDNs); a trailing dot is dropped.
 */
public final class OrganizationalDomain {

    /**
     * The Organizational Domain of {@code domain}.
     *
     * @throws IllegalArgumentException when {@code domain} is not a syntactically valid ASCII domain name
     *                                  (empty labels, spaces, an IP address, non-ASCII characters)
     */
    public String of(String domain) {
        InternetDomainName name = parse(domain);
        if (name.isUnderPublicSuffix()) {
            return name.topPrivateDomain().toString();
        }
        if (name.hasPublicSuffix() || name.parts().size() < 2) {
            return name.toString();
        }
        return name.parts().get(name.parts().size() - 2) + "." + name.parts().getLast();
    }

    /**
     * {@code domain} in the form {@link #of} works with - lower-case, no trailing dot - so that strict alignment
     * and DNS query names compare like with like.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public String normalize(String domain) {
        return parse(domain).toString();
    }

    private static InternetDomainName parse(String domain) {
        if (domain == null || !domain.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("not an ASCII domain name: " + domain);
        }
        return InternetDomainName.from(domain);
    }
}
