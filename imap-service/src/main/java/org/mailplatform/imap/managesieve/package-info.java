/**
 * ManageSieve (RFC 5804): users manage their Sieve scripts (RFC 5228) on port 4190, next to IMAP,
 * as Dovecot Pigeonhole offers it. Built on protocol-kit like IMAP and POP3: {@link
 * org.mailplatform.imap.managesieve.SieveRequestDecoder} (lines and literals to commands), {@link
 * org.mailplatform.imap.managesieve.SieveEncoder}, and one {@link
 * org.mailplatform.imap.managesieve.ManageSieveSession} state machine per connection. The syntax
 * part ({@code Arg}, {@code ArgTokenizer}, {@code CommandParser}, {@code SieveCommand}, {@code
 * SieveResponse}, {@code ScriptName}) is plain Java.
 */
package org.mailplatform.imap.managesieve;
