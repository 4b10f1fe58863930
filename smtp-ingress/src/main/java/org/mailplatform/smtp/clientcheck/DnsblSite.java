package org.mailplatform.smtp.clientcheck;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One DNS block list of {@code mail.smtp.client-checks.dnsbl-sites}, in Postfix's
 * {@code reject_rbl_client} syntax: {@code zone} (any A answer counts as listed) or
 * {@code zone=answer}, where the answer is an IPv4 address whose last octet may be a range
 * {@code [2..11]} or a list {@code [2;4;9]}. Spamhaus ZEN, for example, answers 127.255.255.x
 * for a query it refuses (public resolver, over quota): {@code zen.spamhaus.org=127.0.0.[2..11]}
 * keeps such answers from blocking every client.
 *
 * @param zone        the zone queried, as configured (for replies and metric tags)
 * @param name        the zone as an absolute DNS name
 * @param prefix      the answer's first three octets ({@code null}: any answer counts)
 * @param lastOctets  the last octets that count (with {@code prefix})
 */
public record DnsblSite(String zone, Name name, String prefix, Set<Integer> lastOctets) {

    private static final Pattern ANSWER = Pattern.compile(
            "(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})\\.(?:(\\d{1,3})|\\[(\\d{1,3})\\.\\.(\\d{1,3})]|\\[(\\d{1,3}(?:;\\d{1,3})*)])");

    /** At least two labels of letters, digits, hyphens (and underscores, seen in some list zones). */
    private static final Pattern ZONE = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)+");

    public DnsblSite {
        lastOctets = Set.copyOf(lastOctets);
    }

    /**
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static DnsblSite parse(String entry) {
        return parse(entry, "mail.smtp.client-checks.dnsbl-sites");
    }

    /**
     * An entry of {@code property} (the same syntax serves the domain lists of
     * {@code rhsbl-sender-sites}).
     *
     * @throws IllegalArgumentException naming the property, the entry and what is wrong with it
     */
    public static DnsblSite parse(String entry, String property) {
        String text = entry.strip();
        int eq = text.indexOf('=');
        String zone = (eq < 0 ? text : text.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
        if (zone.endsWith(".")) {
            zone = zone.substring(0, zone.length() - 1);
        }
        Name name;
        try {
            if (!ZONE.matcher(zone).matches()) {
                throw new TextParseException("not a zone");
            }
            name = Name.fromString(zone + ".");
        } catch (TextParseException e) {
            throw invalid(property, entry, "'" + zone + "' is not a DNS zone");
        }
        if (eq < 0) {
            return new DnsblSite(zone, name, null, Set.of());
        }
        Matcher m = ANSWER.matcher(text.substring(eq + 1).strip());
        if (!m.matches()) {
            throw invalid(property, entry, "the answer must be like 127.0.0.2, 127.0.0.[2..11] or 127.0.0.[2;4;9]");
        }
        for (String octet : m.group(1).split("\\.")) {
            octet(property, entry, octet);
        }
        Set<Integer> last = new TreeSet<>();
        if (m.group(2) != null) {
            last.add(octet(property, entry, m.group(2)));
        } else if (m.group(3) != null) {
            int from = octet(property, entry, m.group(3));
            int to = octet(property, entry, m.group(4));
            if (from > to) {
                throw invalid(property, entry, "the range [" + from + ".." + to + "] is empty");
            }
            for (int i = from; i <= to; i++) {
                last.add(i);
            }
        } else {
            for (String octet : m.group(5).split(";")) {
                last.add(octet(property, entry, octet));
            }
        }
        return new DnsblSite(zone, name, m.group(1), last);
    }

    /** Whether an A record of the list's answer means "listed" for this site. */
    public boolean counts(InetAddress answer) {
        if (!(answer instanceof Inet4Address)) {
            return false;
        }
        if (prefix == null) {
            return true;
        }
        byte[] b = answer.getAddress();
        String first = (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff);
        return first.equals(prefix) && lastOctets.contains(b[3] & 0xff);
    }

    private static int octet(String property, String entry, String text) {
        int value = Integer.parseInt(text);
        if (value > 255) {
            throw invalid(property, entry, text + " is not an octet (0-255)");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String property, String entry, String why) {
        return new IllegalArgumentException(property + ": '" + entry + "': " + why);
    }
}
