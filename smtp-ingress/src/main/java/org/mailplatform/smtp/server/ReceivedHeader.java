package org.mailplatform.smtp.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.mailplatform.model.Principal;
import org.mailplatform.protocol.tls.TlsInfo;
import org.mailplatform.smtp.codec.AddressText;

/**
 * The trace header prepended to every accepted message (RFC 5321 section 4.4), with the protocol
 * keyword of RFC 3848/RFC 6531 (ESMTP, ESMTPS, ESMTPSA, UTF8SMTPS, ...), the TLS version and
 * cipher, and on submission the authenticated user. The client is written as Postfix writes it:
 * {@code (name [address])} with its forward-confirmed name, {@code (unknown [address])} without one,
 * an IPv6 address as {@code [IPv6:2001:db8::1]} (the address literal of RFC 5321 section 4.1.3)
 * in RFC 5952's canonical text ({@link AddressText}).
 */
final class ReceivedHeader {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    static byte[] build(String helo, String clientName, InetAddress client, String hostname, boolean esmtp, boolean utf8,
                        TlsInfo tls, Principal user, String queueId, String singleRecipient, ZonedDateTime now) {
        String with = (utf8 ? "UTF8SMTP" : esmtp ? "ESMTP" : "SMTP") + (tls != null ? "S" : "") + (user != null ? "A" : "");
        if (!esmtp && !utf8 && (tls != null || user != null)) {
            with = "ESMTP" + (tls != null ? "S" : "") + (user != null ? "A" : "");
        }
        String ip = AddressText.of(client);
        StringBuilder h = new StringBuilder("Received: from ").append(clean(helo))
                .append(" (").append(clientName).append(" [").append(client instanceof Inet6Address ? "IPv6:" + ip : ip).append("])\r\n")
                .append("\tby ").append(hostname).append(" (mail-platform) with ").append(with).append(" id ").append(queueId);
        if (tls != null) {
            h.append("\r\n\t(using ").append(tls.protocol()).append(" with cipher ").append(tls.cipherSuite()).append(')');
        }
        if (user != null) {
            h.append("\r\n\t(authenticated sender: ").append(clean(user.address())).append(')');
        }
        if (singleRecipient != null) {
            h.append("\r\n\tfor <").append(clean(singleRecipient)).append('>');
        }
        h.append("; ").append(DATE.format(now)).append("\r\n");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Keeps client-chosen text from breaking the header (no CR, LF or parentheses games). */
    private static String clean(String text) {
        return text.replaceAll("[\\r\\n()<>;]", "?");
    }
}
