package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The CIDR blocks of {@code mail.smtp.client-checks.exempt-networks} ({@code 127.0.0.0/8},
 * {@code ::1/128}, {@code 192.0.2.7} = /32): clients there are never looked up.
 */
public record Networks(List<Block> blocks) {

    public Networks {
        blocks = List.copyOf(blocks);
    }

    /** @throws IllegalArgumentException naming the malformed entry */
    public static Networks parse(List<String> entries) {
        return new Networks(entries.stream().map(String::strip).filter(e -> !e.isEmpty()).map(Block::parse).toList());
    }

    public boolean contains(InetAddress address) {
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    /** One CIDR block: an address and how many leading bits of it a member shares. */
    public record Block(InetAddress network, int prefixLength) {

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            // only literal addresses: a host name here would need DNS at startup
            if (!address.matches("[0-9a-fA-F.:]+")) {
                throw invalid(entry);
            }
            try {
                InetAddress network = InetAddress.getByName(address);
                int size = network.getAddress().length * 8;
                int bits = slash < 0 ? size : Integer.parseInt(entry.substring(slash + 1));
                if (bits < 0 || bits > size) {
                    throw invalid(entry);
                }
                return new Block(network, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw invalid(entry);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            byte[] n = network.getAddress();
            if (a.length != n.length) {
                return false;
            }
            for (int bit = 0; bit < prefixLength; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        private static IllegalArgumentException invalid(String entry) {
            return new IllegalArgumentException("mail.smtp.client-checks.exempt-networks: '" + entry
                    + "' is not an address or CIDR block (192.0.2.0/24, 2001:db8::/32)");
        }
    }
}
