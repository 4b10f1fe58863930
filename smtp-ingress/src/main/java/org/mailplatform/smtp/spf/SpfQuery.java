package org.mailplatform.smtp.spf;

import java.net.InetAddress;

/**
 * The question one SPF evaluation answers (RFC 7208 section 4.1): may {@code client} send for the
 * domain of {@code mailFrom}? For the null sender ({@code mailFrom} empty) the HELO identity is
 * checked instead, as {@code postmaster@<helo>} (sections 2.3 and 2.4).
 *
 * @param client   the connecting address (the PROXY one behind a balancer)
 * @param mailFrom the MAIL FROM address without angle brackets, empty for {@code <>}
 * @param helo     the EHLO/HELO argument, as the client sent it
 */
public record SpfQuery(InetAddress client, String mailFrom, String helo) {

    /** {@code helo} for the null sender, else {@code mailfrom} (Received-SPF's {@code identity} key). */
    public String identity() {
        return mailFrom.isEmpty() ? "helo" : "mailfrom";
    }

    /** The address whose domain is checked: MAIL FROM, or {@code postmaster@<helo>} for the null sender. */
    public String sender() {
        return mailFrom.isEmpty() ? "postmaster@" + helo : mailFrom;
    }

    /** The domain whose SPF record is asked for. */
    public String domain() {
        String sender = sender();
        return sender.substring(sender.lastIndexOf('@') + 1);
    }
}
