package org.mailplatform.protocol.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.mailplatform.protocol.frame.FixedLengthDecoder;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.SessionEvent;
import org.mailplatform.protocol.tls.StartTls;
import org.mailplatform.protocol.tls.TlsInfo;

/** A tiny line protocol that exercises every part of protocol-kit, the way SMTP/IMAP/POP3 use it. */
final class EchoProtocol implements ProtocolHandlers {

    private final SslContext ssl;
    private final BlockingWork blocking;
    private final ProtocolMetrics metrics;

    EchoProtocol(SslContext ssl, BlockingWork blocking, ProtocolMetrics metrics) {
        this.ssl = ssl;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    @Override
    public ChannelHandler decoder(Listener listener) {
        return new MessageToMessageDecoder<Frame>(Frame.class) {
            @Override
            protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
                switch (frame) {
                    case Frame.Line line -> out.add(line.text());
                    case Frame.LineTooLong tooLong -> out.add("<too long>");
                    case Frame.Chunk chunk -> out.add(chunk);
                }
            }
        };
    }

    @Override
    public ChannelHandler encoder(Listener listener) {
        return new MessageToByteEncoder<String>(String.class) {
            @Override
            protected void encode(ChannelHandlerContext ctx, String reply, ByteBuf out) {
                out.writeCharSequence(reply + "\r\n", StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public ChannelHandler session(Listener listener) {
        return new Session(listener);
    }

    private final class Session extends ChannelInboundHandlerAdapter {
        private final Listener listener;
        private final StringBuilder literal = new StringBuilder();
        private boolean busy;
        private boolean draining;

        Session(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            switch (evt) {
                case SessionEvent.Admitted a -> {
                    ctx.writeAndFlush("HELLO " + a.info().client().getAddress().getHostAddress() + " proxied=" + a.info().proxied());
                    ctx.read();
                }
                case SessionEvent.Rejected r -> bye(ctx, "NO " + r.reason());
                case SessionEvent.IdleTimedOut i -> bye(ctx, "BYE idle");
                case SessionEvent.Draining d -> {
                    draining = true;
                    if (!busy) {
                        bye(ctx, "BYE draining");
                    }
                }
                case SessionEvent.CommandRateExceeded c -> bye(ctx, "BYE rate");
                case SslHandshakeCompletionEvent done when !done.isSuccess() -> ctx.close();
                default -> ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long t0 = System.nanoTime();
            if (msg instanceof Frame.Chunk chunk) {
                literal.append(new String(chunk.bytes(), StandardCharsets.UTF_8));
                if (chunk.last()) {
                    ctx.writeAndFlush("GOT " + literal);
                    literal.setLength(0);
                }
                ctx.read();
                return;
            }
            String line = (String) msg;
            String verb = line.split(" ")[0];
            switch (verb) {
                case "STARTTLS" -> {
                    int dropped = StartTls.begin(ctx.channel(), ssl, "GO dropped=" + Framer.of(ctx.channel()).buffered());
                    assert dropped >= 0;
                    ctx.read();
                }
                case "TLS" -> {
                    ctx.writeAndFlush("TLS " + TlsInfo.of(ctx.channel()).map(TlsInfo::protocol).orElse("none"));
                    ctx.read();
                }
                case "LIT" -> {
                    Framer.of(ctx.channel()).streamMode(new FixedLengthDecoder(Long.parseLong(line.substring(4)), 3));
                    ctx.read();
                }
                case "SLOW" -> {
                    busy = true;
                    blocking.run(ctx.channel(), () -> {
                        Thread.sleep(Long.parseLong(line.substring(5)));
                        return Thread.currentThread().isVirtual();
                    }, (virtual, failure) -> {
                        busy = false;
                        ctx.writeAndFlush("DONE virtual=" + virtual + " loop=" + ctx.channel().eventLoop().inEventLoop());
                        if (draining) {
                            bye(ctx, "BYE draining");
                        } else {
                            ctx.read();
                        }
                    });
                }
                case "WHO" -> {
                    ctx.writeAndFlush("YOU " + ConnectionInfo.of(ctx.channel()).orElseThrow().client().getPort()
                            + " on " + listener.name());
                    ctx.read();
                }
                case "QUIT" -> bye(ctx, "BYE");
                default -> {
                    ctx.writeAndFlush("ECHO " + line);
                    ctx.read();
                }
            }
            metrics.command(verb, "ok", java.time.Duration.ofNanos(System.nanoTime() - t0));
        }

        private void bye(ChannelHandlerContext ctx, String reply) {
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
