/**
 * Pieces of command syntax that several line protocols share (IMAP and ManageSieve literals). Plain
 * Java without Netty or Spring, so that the protocols' codecs, which must not know the server, may
 * use them.
 */
package org.mailplatform.protocol.syntax;
