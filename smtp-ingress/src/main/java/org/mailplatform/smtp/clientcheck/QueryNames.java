package org.mailplatform.smtp.clientcheck;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The DNS names asked about a client address: the DNSBL query name of RFC 5782 section 2.1 (IPv4:
 * the four octets reversed; IPv6: the 32 nibbles reversed, as in ip6.arpa) under the list's zone.
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
