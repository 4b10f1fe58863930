package org.mailplatform.protocol.tls;

import io.netty.channel.Channel;
import org.mailplatform.protocol.session.ConnectionInfo;

/**
 * Whether a connection may carry a password in the clear (SMTP AUTH PLAIN, IMAP LOGIN and
 * AUTHENTICATE PLAIN, POP3 USER/PASS and AUTH PLAIN): once TLS is in place, from a client on
 * loopback (the password never leaves the machine), or where the operator allowed it without TLS.
 * Otherwise the protocol refuses it and says to start TLS first (RFC 8314 section 3, RFC 9051
 * LOGINDISABLED, RFC 2595 section 2).
 */
public final class PlaintextAuth {

    private PlaintextAuth() {
    }

    /**
     * @param info            who is connected; {@code null} before admission (counts as not loopback)
     * @param allowWithoutTls the operator's override (trusted networks, tests)
     */
    public static boolean allowed(Channel channel, ConnectionInfo info, boolean allowWithoutTls) {
        return allowWithoutTls || TlsInfo.active(channel) || (info != null && info.fromLoopback());
    }
}
