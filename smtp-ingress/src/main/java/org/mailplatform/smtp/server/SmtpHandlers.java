package org.mailplatform.smtp.server;

import io.netty.channel.ChannelHandler;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ProtocolHandlers;

/** SMTP's part of the protocol-kit pipeline: its decoder, encoder and session. */
final class SmtpHandlers implements ProtocolHandlers {

    private final SmtpServices services;

    SmtpHandlers(SmtpServices services) {
        this.services = services;
    }

    @Override
    public ChannelHandler decoder(Listener listener) {
        return new SmtpDecoder();
    }

    @Override
    public ChannelHandler encoder(Listener listener) {
        return SmtpEncoder.INSTANCE;
    }

    @Override
    public ChannelHandler session(Listener listener) {
        return new SmtpSession(services, listener, !SmtpServer.MX.equals(listener.name()));
    }
}
