/**
 * The IMAP wire format in plain Java (no Netty, no Spring; enforced by an ArchUnit test):
 * {@link org.mailplatform.imap.codec.RequestDecoder} turns the client's bytes into typed
 * {@link org.mailplatform.imap.codec.ImapCommand}s, with literals, continuation requests and
 * limits (RFC 9051 section 4.3, RFC 7888); {@link org.mailplatform.imap.codec.ResponseEncoder}
 * turns {@link org.mailplatform.imap.codec.ImapResponse}s into bytes (RFC 9051 section 7).
 */
package org.mailplatform.imap.codec;
