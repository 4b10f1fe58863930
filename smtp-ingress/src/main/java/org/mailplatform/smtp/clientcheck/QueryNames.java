package org.mailplatform.smtp.clientcheck;

import java.net.Inet4Address;
import java.net.InetAddress;

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
     * {@code spam.example} in {@code dbl.example} is {@code spam.example.dbl.example.}; null when
     * the domain is no host name in ASCII (an A-label is asked for an internationalised domain) or
     * the name would be too long.
     */
    public static Name rhsbl(String domain, Name zone) {
        String ascii;
        try {
            ascii = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
        if (ascii.isEmpty() || ascii.startsWith("[") || !ascii.contains(".")) {
            return null;
        }
        try {
            return Name.concatenate(Name.fromString(ascii), zone);
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
