/**
 * The POP3 server on libs/protocol-kit: decoder and encoder around the codec, and the session
 * state machine (AUTHORIZATION, TRANSACTION, UPDATE) with one method per command. Blocking work
 * (directory, MongoDB, S3) runs on protocol-kit's {@code BlockingWork}; results come back on the
 * channel's event loop, where the session state lives.
 */
package org.mailplatform.pop3.server;
