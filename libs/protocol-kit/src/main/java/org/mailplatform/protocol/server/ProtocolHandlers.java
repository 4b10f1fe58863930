package org.mailplatform.protocol.server;

import io.netty.channel.ChannelHandler;

/**
 * What a protocol adds to the common pipeline. Each method is called once per connection and may
 * return a shared ({@code @Sharable}) or a new handler.
 */
public interface ProtocolHandlers {

    /** Slot "decoder": frames ({@link org.mailplatform.protocol.frame.Frame}) to the protocol's commands. */
    ChannelHandler decoder(Listener listener);

    /** Slot "encoder": the protocol's replies to bytes. */
    ChannelHandler encoder(Listener listener);

    /**
     * Slot "session": the protocol state machine. It receives
     * {@link org.mailplatform.protocol.session.SessionEvent}s (greet on {@code Admitted}), decoded
     * commands one at a time, and asks for the next with {@code ctx.read()}.
     */
    ChannelHandler session(Listener listener);
}
