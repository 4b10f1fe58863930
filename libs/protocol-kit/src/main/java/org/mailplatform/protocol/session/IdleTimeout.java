package org.mailplatform.protocol.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.mailplatform.protocol.server.PipelineSlots;

/**
 * The "idle-timeout" slot: fires {@link SessionEvent.IdleTimedOut} once when nothing was read or
 * written for the timeout. Protocols change the timeout with the session's state
 * ({@link #set(Channel, Duration)}): SMTP uses a longer one inside DATA, IMAP a short one before
 * login and at least 30 minutes after.
 */
public final class IdleTimeout extends IdleStateHandler {

    public IdleTimeout(Duration timeout) {
        super(0, 0, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Replaces the connection's idle timeout; the clock starts anew. */
    public static void set(Channel channel, Duration timeout) {
        if (channel.pipeline().get(PipelineSlots.IDLE_TIMEOUT) != null) {
            channel.pipeline().replace(PipelineSlots.IDLE_TIMEOUT, PipelineSlots.IDLE_TIMEOUT, new IdleTimeout(timeout));
        }
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.isFirst()) {
            ctx.fireUserEventTriggered(new SessionEvent.IdleTimedOut());
        }
    }
}
