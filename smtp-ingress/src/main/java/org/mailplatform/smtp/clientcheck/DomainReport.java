package org.mailplatform.smtp.clientcheck;

/**
 * What the domain block lists of one check say about a name.
 *
 * @param check         what was asked about (the sender's domain, the HELO name, the client's name)
 * @param domain        the name as looked up (lower case, without a final dot)
 * @param listedIn      the first configured zone that lists it, {@code null} when none
 * @param listingReason that zone's TXT text for the listing, made safe for a reply line; {@code null} when none
 */
public record DomainReport(RhsblCheck check, String domain, String listedIn, String listingReason) {
}
