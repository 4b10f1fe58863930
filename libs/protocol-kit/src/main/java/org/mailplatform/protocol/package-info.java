/**
 * Netty scaffolding shared by the platform's line protocols (SMTP, IMAP, POP3): one pipeline of
 * named slots in a fixed order, listeners with plain, STARTTLS-capable or implicit TLS, PROXY
 * protocol, per-address connection limits, demand-driven framing with a hard line limit, idle
 * timeouts, command-rate limits, blocking work off the event loop, graceful drain and metrics.
 *
 * <p>A protocol adds only its decoder, session handler and encoder; see
 * {@link org.mailplatform.protocol.server.PipelineSlots} and docs/adr/0300-protocol-kit-pipeline.md.
 */
package org.mailplatform.protocol;
