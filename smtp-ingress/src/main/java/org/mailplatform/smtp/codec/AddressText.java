package org.mailplatform.smtp.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import com.google.common.net.InetAddresses;

/**
 * A client address as the intake writes it into replies, trace fields and the queued record:
 * RFC 5952's canonical text for IPv6 ({@code 2001:db8::1}, {@code ::1}, lower case), the form
 * other MTAs write and log analysers match, instead of {@link InetAddress#getHostAddress}'s long
 * form. A zone id ({@code %eth0}) is left out: it names an interface of this host, meaningless to
 * any reader of the message and not allowed in an address literal (RFC 5321 4.1.3). An IPv4-mapped
 * client arrives as an {@code Inet4Address} already (Java maps it), so it is written as IPv4.
 */
public final class AddressText {

    private AddressText() {
    }

    public static String of(InetAddress address) {
        return InetAddresses.toAddrString(withoutZone(address));
    }

    private static InetAddress withoutZone(InetAddress address) {
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            try {
                return InetAddress.getByAddress(v6.getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an address", e);
            }
        }
        return address;
    }
}
