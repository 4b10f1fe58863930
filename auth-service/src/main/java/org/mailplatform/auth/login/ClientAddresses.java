package org.mailplatform.auth.login;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind an admin request. Behind the gateway the TCP peer is the
 * gateway, so when the peer is on a private or loopback network the last {@code X-Forwarded-For}
 * hop (the one the gateway appended) is taken instead; from anywhere else the header is ignored,
 * so a client on the internet cannot choose its own throttling key.
 */
public final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Must contain a colon, so it can never be taken for a host name. */
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F.]*:[0-9a-fA-F:.]*");

    private ClientAddresses() {
    }

    public static InetAddress of(HttpServletRequest request) {
        InetAddress peer = parse(request.getRemoteAddr());
        String forwarded = request.getHeader("X-Forwarded-For");
        if (peer != null && forwarded != null && isInternal(peer)) {
            String[] hops = forwarded.split(",");
            InetAddress last = parse(hops[hops.length - 1].strip());
            if (last != null) {
                return last;
            }
        }
        return peer;
    }

    private static boolean isInternal(InetAddress address) {
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc);
    }

    /** Literal IP addresses only: never a DNS lookup. */
    public static InetAddress parse(String literal) {
        if (literal == null || !(IPV4.matcher(literal).matches() || IPV6.matcher(literal).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
