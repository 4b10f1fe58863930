package org.mailplatform.pop3.server;

import io.netty.channel.ChannelHandler;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ProtocolHandlers;

/** POP3's part of the protocol-kit pipeline: decoder, encoder and one session per connection. */
public final class Pop3Protocol implements ProtocolHandlers {

    private final Pop3Services services;

    public Pop3Protocol(Pop3Services services) {
        this.services = services;
    }

    public Pop3Services services() {
        return services;
    }

    @Override
    public ChannelHandler decoder(Listener listener) {
        return new Pop3Decoder();
    }

    @Override
    public ChannelHandler encoder(Listener listener) {
        return Pop3Encoder.INSTANCE;
    }

    @Override
    public ChannelHandler session(Listener listener) {
        return new Pop3Session(listener, services);
    }
}
