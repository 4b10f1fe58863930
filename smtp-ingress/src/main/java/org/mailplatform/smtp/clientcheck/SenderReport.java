package org.mailplatform.smtp.clientcheck;

/**
 * What the domain block lists say about a MAIL FROM domain.
 *
 * @param domain        the sender's domain as looked up (lower case)
 * @param listedIn      the first configured zone that lists it, {@code null} when none
 * @param listingReason that zone's TXT text for the listing, made safe for a reply line; {@code null} when none
 */
public record SenderReport(String domain, String listedIn, String listingReason) {
}
