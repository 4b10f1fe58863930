package org.mailplatform.protocol.limit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.session.SessionEvent;

/**
 * The "flow-control" slot, between the decoder and the session.
 *
 * <ul>
 *   <li>Write side: a demand for the next command ({@code read()}) is held while the channel is not
 *       writable (outbound buffer above its high water mark) and released when it drains, so a
 *       client that does not read its replies stops being read.</li>
 *   <li>Command rate: every decoded message except stream chunks counts as a command; beyond
 *       {@code commandsPerMinute} (a token bucket refilled continuously) the command is dropped and
 *       {@link SessionEvent.CommandRateExceeded} is sent instead.</li>
 *   <li>Credit: a session may {@link #credit} commands that are taken only once the rate is spent,
 *       for work whose amount the session itself bounds (a POP3 client that retrieves and deletes
 *       each message of a 20,000-message maildrop once must not be cut off half way: the marks
 *       of its DELEs would be lost and the next session would download the same messages again).</li>
 * </ul>
 */
public final class FlowControl extends ChannelDuplexHandler {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final int commandsPerMinute;
    private final NanoClock clock;
    private double tokens;
    private long lastRefill;
    private boolean readHeld;
    /** Commands allowed beyond the rate, taken only when the bucket is empty. */
    private long credit;

    public FlowControl(int commandsPerMinute) {
        this(commandsPerMinute, System::nanoTime);
    }

    FlowControl(int commandsPerMinute, NanoClock clock) {
        this.commandsPerMinute = commandsPerMinute;
        this.clock = clock;
        this.tokens = commandsPerMinute;
        this.lastRefill = clock.nanoTime();
    }

    /**
     * Allows {@code commands} more commands beyond the rate for the rest of the connection. Called
     * on the channel's event loop.
     */
    public void credit(long commands) {
        if (commands > 0) {
            credit += commands;
        }
    }

    /** Time source, replaceable in tests. */
    interface NanoClock {
        long nanoTime();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        // a channel whose output was shut down (LingeringClose after the last reply) is never
        // writable again, and holding its reads would keep it open until the linger ends instead of
        // closing when the client does: its connection slot stayed taken for seconds after each QUIT
        if (!ctx.channel().isWritable() && !outputShutdown(ctx.channel())) {
            readHeld = true;
            return;
        }
        ctx.read();
    }

    private static boolean outputShutdown(io.netty.channel.Channel channel) {
        return channel instanceof io.netty.channel.socket.DuplexChannel duplex && duplex.isOutputShutdown();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (readHeld && ctx.channel().isWritable()) {
            readHeld = false;
            ctx.read();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame.Chunk || commandsPerMinute <= 0 || takeToken()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        ctx.fireUserEventTriggered(new SessionEvent.CommandRateExceeded(commandsPerMinute));
    }

    private boolean takeToken() {
        long now = clock.nanoTime();
        tokens = Math.min(commandsPerMinute, tokens + (now - lastRefill) * (double) commandsPerMinute / MINUTE_NANOS);
        lastRefill = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        if (credit > 0) {
            credit--;
            return true;
        }
        return false;
    }
}
