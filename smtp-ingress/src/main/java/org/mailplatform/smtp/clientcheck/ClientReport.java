package org.mailplatform.smtp.clientcheck;

/**
 * What the checks found out about one client address.
 *
 * @param listedIn      the first configured DNSBL zone that lists the client, {@code null} when none
 * @param listingReason that zone's TXT text for the listing (usually where to ask for removal),
 *                      made safe for a reply line; {@code null} when it has none
 * @param name          the client's verified name, or why there is none
 */
public record ClientReport(String listedIn, String listingReason, ClientName name) {

    /** The report of a client that was not looked up (exempt network). */
    public static final ClientReport EXEMPT = new ClientReport(null, null, new ClientName.NotLookedUp());
}
