package org.mailplatform.protocol.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.PipelineSlots;
import org.mailplatform.protocol.server.TlsMode;

/**
 * Switches a plain connection to TLS in place (SMTP STARTTLS, RFC 3207; IMAP STARTTLS, RFC 9051
 * section 6.2.1; POP3 STLS, RFC 2595).
 *
 * <p>Order matters and is kept here once: (1) drop every byte the client sent after the command,
 * since it arrived in plaintext and must never be read as if it came over TLS (the CVE-2011-0411
 * class of injection); (2) insert an {@link SslHandler} with {@code startTls = true} in the "tls"
 * slot, so that the one reply still written next goes out in plaintext; (3) write that reply. The
 * channel does not read until the session asks again, so nothing is read in between. The session
 * learns of the handshake from Netty's {@code SslHandshakeCompletionEvent} and must then forget
 * everything it learned before TLS (for SMTP: the EHLO, RFC 3207 section 4.2).
 */
public final class StartTls {

    private StartTls() {
    }

    /**
     * Whether the command may be offered and accepted now: on a listener configured for STARTTLS,
     * with a certificate, and only until TLS is in place (a second STARTTLS is an error).
     */
    public static boolean available(Channel channel, Listener listener, SslContext sslContext) {
        return listener.tls() == TlsMode.STARTTLS && sslContext != null && !TlsInfo.active(channel);
    }

    /**
     * @param reply the protocol's "go ahead" reply, written in plaintext after the switch
     * @return how many pipelined plaintext bytes were discarded (a client that sends any is broken
     *         or an attacker; the protocol may log it)
     */
    public static int begin(Channel channel, SslContext sslContext, Object reply) {
        int discarded = Framer.of(channel).discardBuffered();
        SslHandler ssl = new SslHandler(sslContext.newEngine(channel.alloc()), true);
        channel.pipeline().addBefore(PipelineSlots.IDLE_TIMEOUT, PipelineSlots.TLS, ssl);
        channel.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        return discarded;
    }
}
