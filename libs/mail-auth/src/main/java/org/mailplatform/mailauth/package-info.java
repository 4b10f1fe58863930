/**
 * Message authentication on receipt and on relay: a message's header as it is on the wire
 * ({@link org.mailplatform.mailauth.HeaderFields}), DKIM verification
 * ({@code mailauth.dkim}), DMARC evaluation ({@code mailauth.dmarc}) and the
 * Authentication-Results field that reports them. No I/O of its own: DNS comes through
 * {@link org.mailplatform.mailauth.dns.TxtLookup}.
 */
package org.mailplatform.mailauth;
