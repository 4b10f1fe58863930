package org.mailplatform.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The "framer" slot: turns the connection's bytes into {@link Frame}s, one frame per demand.
 *
 * <p>The channel runs with auto-read off. A downstream handler asks for the next frame with
 * {@code ctx.read()}; the framer answers from the bytes it holds, and reads from the socket only
 * when it holds no complete frame. So the session has exactly one command in flight, pipelined
 * commands wait here (not in some queue downstream), and a client that sends faster than the
 * server works is slowed by TCP itself. At most one socket read plus one line is buffered.
 *
 * <p>In line mode a frame ends at LF; lines longer than the limit become one
 * {@link Frame.LineTooLong} and are skipped up to their LF. In stream mode a
 * {@link StreamDecoder} cuts the frames until it returns the last chunk; then line mode resumes.
 * Because the next frame is only cut on demand, the session can switch modes (after DATA, BDAT, an
 * IMAP literal) before the bytes that follow are looked at.
 */
public final class Framer extends ChannelDuplexHandler {

    private final int maxLineLength;
    private ByteBuf cumulation;
    private StreamDecoder stream;
    private boolean discardingLongLine;
    private boolean demand;
    private boolean delivering;

    /** @param maxLineLength longest accepted line in bytes, without CR LF */
    public Framer(int maxLineLength) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** The framer of a channel built by protocol-kit. */
    public static Framer of(Channel channel) {
        Framer framer = channel.pipeline().get(Framer.class);
        if (framer == null) {
            throw new IllegalStateException("no framer in " + channel.pipeline().names());
        }
        return framer;
    }

    /** Cuts the following frames with {@code decoder} until it returns the last chunk. */
    public void streamMode(StreamDecoder decoder) {
        this.stream = decoder;
    }

    /** Back to lines (also automatic after a stream's last chunk). */
    public void lineMode() {
        this.stream = null;
    }

    public boolean inStreamMode() {
        return stream != null;
    }

    /**
     * Drops every byte received but not yet framed, e.g. what a client pipelined after STARTTLS
     * (RFC 3207 section 4.2: it must be discarded, never read as if it had come over TLS).
     *
     * @return how many bytes were dropped
     */
    public int discardBuffered() {
        if (cumulation == null) {
            return 0;
        }
        int n = cumulation.readableBytes();
        cumulation.skipBytes(n);
        return n;
    }

    /** Bytes received but not yet framed. */
    public int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        if (demand) {
            deliver(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // one frame per demand: a socket read completing says nothing the session needs to know
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        demand = true;
        deliver(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void deliver(ChannelHandlerContext ctx) {
        if (delivering) {
            return; // a frame fired below asked for the next one: the loop here will serve it
        }
        delivering = true;
        try {
            while (demand && ctx.channel().isActive()) {
                Frame frame = cumulation == null ? null : next();
                if (frame == null) {
                    compact();
                    ctx.read();
                    return;
                }
                demand = false;
                ctx.fireChannelRead(frame);
            }
        } finally {
            delivering = false;
        }
    }

    private Frame next() {
        if (stream != null) {
            Frame.Chunk chunk = stream.decode(cumulation);
            if (chunk != null && chunk.last()) {
                stream = null;
            }
            return chunk;
        }
        return nextLine();
    }

    private Frame nextLine() {
        int start = cumulation.readerIndex();
        int lf = cumulation.indexOf(start, cumulation.writerIndex(), (byte) '\n');
        if (discardingLongLine) {
            if (lf < 0) {
                cumulation.skipBytes(cumulation.readableBytes());
                return null;
            }
            cumulation.readerIndex(lf + 1);
            discardingLongLine = false;
            return nextLine();
        }
        if (lf < 0) {
            // one byte of slack for a CR whose LF has not arrived yet
            if (cumulation.readableBytes() > maxLineLength + 1) {
                cumulation.skipBytes(cumulation.readableBytes());
                discardingLongLine = true;
                return new Frame.LineTooLong(maxLineLength);
            }
            return null;
        }
        int length = lf - start;
        boolean crlf = length > 0 && cumulation.getByte(lf - 1) == '\r';
        int contentLength = crlf ? length - 1 : length;
        if (contentLength > maxLineLength) {
            cumulation.readerIndex(lf + 1);
            return new Frame.LineTooLong(maxLineLength);
        }
        byte[] bytes = new byte[contentLength];
        cumulation.readBytes(bytes);
        cumulation.readerIndex(lf + 1);
        return new Frame.Line(bytes, crlf);
    }

    private void compact() {
        if (cumulation != null && !cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation != null) {
            cumulation.discardSomeReadBytes();
        }
    }

    private void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
