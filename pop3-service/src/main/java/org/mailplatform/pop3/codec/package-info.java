/**
 * The POP3 protocol as plain Java: command lines to typed {@link org.mailplatform.pop3.codec.Pop3Command}
 * records (RFC 1939, RFC 2449 CAPA, RFC 5034 AUTH, RFC 2595 STLS), responses to bytes, and the
 * byte-stuffing of message content for RETR and TOP.
 *
 * <p>This package imports no Netty and no Spring (an ArchUnit test enforces it), so it is tested
 * byte by byte and could serve another transport.
 */
package org.mailplatform.pop3.codec;
