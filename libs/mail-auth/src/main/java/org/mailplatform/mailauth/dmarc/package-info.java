/**
 * DMARC evaluation (RFC 7489) as pure logic: smtp-ingress hands {@link org.mailplatform.mailauth.dmarc.DmarcEvaluator}
 * the RFC5322.From domain and the identifiers SPF and DKIM authenticated, and gets back a
 * {@link org.mailplatform.mailauth.dmarc.DmarcVerdict} to report in Authentication-Results and act on. DNS comes
 * only through {@link org.mailplatform.mailauth.dns.TxtLookup}; the Public Suffix List comes bundled with Guava.
 */
package org.mailplatform.mailauth.dmarc;
