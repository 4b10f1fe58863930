package org.mailplatform.imap.session;

import io.netty.channel.Channel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.server.PipelineSlots;

/**
 * COMPRESS=DEFLATE (RFC 4978): after the tagged OK, both directions are raw DEFLATE (RFC 1951)
 * streams. The codecs sit right after the TLS slot, so data is compressed before it is encrypted and
 * inflated before it is framed; every write is sync-flushed, so each response can be read at once.
 * Inflated input still passes the framer's line and literal limits, and one inflated buffer is capped
 * at {@link #MAX_INFLATED_CHUNK}, so a small compressed input cannot become an unbounded allocation.
 */
public final class CompressCommand {

    static final String DEFLATER = "compress-deflate";
    static final String INFLATER = "compress-inflate";
    /** Largest buffer one decompression step may allocate. */
    static final int MAX_INFLATED_CHUNK = 1024 * 1024;

    public void handle(ImapCommand.Compress c, CommandContext ctx) {
        Channel channel = ctx.channel();
        if (!c.mechanism().equals("DEFLATE")) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null, "only DEFLATE is supported"));
            return;
        }
        if (active(channel)) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.of("COMPRESSIONACTIVE"),
                    "compression is already on"));
            return;
        }
        // anything pipelined after COMPRESS was sent uncompressed and cannot be read as the new stream
        Framer.of(channel).discardBuffered();
        // done() writes and flushes the OK uncompressed before it reads again; the codecs go in as soon
        // as that write has left the session, so the next read is inflated and the next write deflated
        ctx.afterNextWrite(() -> {
            channel.pipeline().addBefore(PipelineSlots.IDLE_TIMEOUT, DEFLATER,
                    ZlibCodecFactory.newZlibEncoder(ZlibWrapper.NONE));
            channel.pipeline().addBefore(PipelineSlots.IDLE_TIMEOUT, INFLATER,
                    ZlibCodecFactory.newZlibDecoder(ZlibWrapper.NONE, MAX_INFLATED_CHUNK));
        });
        ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, "DEFLATE active"));
    }

    /** Whether the connection is compressed already (CAPABILITY then leaves COMPRESS=DEFLATE out). */
    public static boolean active(Channel channel) {
        return channel.pipeline().get(DEFLATER) != null;
    }
}
