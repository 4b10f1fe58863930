package org.mailplatform.smtp.clientcheck;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The DNS names asked of block lists: about a client address, the DNSBL query name of RFC 5782
 * section 2.1 (IPv4: the four octets reversed; IPv6: the 32 nibbles reversed, as in ip6.arpa) under
 * the list's zone; about a domain, the domain under the zone (RFC 5782 section 2.2).
 */
public final class QueryNames {

    private QueryNames() {
    }

    /** {@code 192.0.2.99} in {@code bl.example} is {@code 99.2.0.192.bl.example.}. */
    public static Name dnsbl(InetAddress client, Name zone) {
        try {
            return Name.concatenate(Name.fromString(reversed(client)), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("no DNSBL name for " + client.getHostAddress() + " in " + zone, e);
        }
    }

    /**
     * {@code domain} as the domain lists are asked about it: in lower case, without a final dot
     * (so {@code EHLO mail.example.} and {@code EHLO mail.example} are one name); null when no list
     * can hold it (RFC 5782 2.2): no name, an address literal, a name without a dot or that is no
     * host name (not even as an A-label), or one whose last label is all digits: a bare IPv4
     * address (a common HELO), no domain, which lists answer with an error code if at all
     * (Spamhaus DBL: 127.0.1.255, "IP queries prohibited").
     */
    public static String listableDomain(String domain) {
        if (domain == null) {
            return null;
        }
        String name = (domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain).toLowerCase(Locale.ROOT);
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
        int dot = ascii.lastIndexOf('.');
        if (ascii.startsWith("[") || dot < 0 || ascii.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return name;
    }

    /**
     * {@code spam.example} in {@code dbl.example} is {@code spam.example.dbl.example.}; null when
     * the domain is not {@link #listableDomain listable} (an A-label is asked for an
     * internationalised domain) or the name would be too long.
     */
    public static Name rhsbl(String domain, Name zone) {
        String listable = listableDomain(domain);
        if (listable == null) {
            return null;
        }
        try {
            return Name.concatenate(Name.fromString(IDN.toASCII(listable, IDN.USE_STD3_ASCII_RULES)), zone);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            return null;
        }
    }

    /** The address's labels in reverse order, without a zone: octets for IPv4, nibbles for IPv6. */
    static String reversed(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (address instanceof Inet4Address) {
                name.append(b).append('.');
            } else {
                name.append(Character.forDigit(b & 0xf, 16)).append('.')
                        .append(Character.forDigit(b >> 4, 16)).append('.');
            }
        }
        return name.substring(0, name.length() - 1);
    }
}
