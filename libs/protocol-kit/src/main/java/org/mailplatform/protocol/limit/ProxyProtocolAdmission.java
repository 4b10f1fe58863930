package org.mailplatform.protocol.limit;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;

/**
 * Sits right after Netty's {@code HAProxyMessageDecoder} (slot "proxy-protocol") on listeners
 * behind a load balancer that speaks the PROXY protocol (v1 or v2): takes the real client address
 * from the header and admits the connection with it. A {@code LOCAL} header (a balancer's health
 * check) keeps the TCP peer address. It reads from the socket itself until the header is complete,
 * because the channel does not auto-read and the session asks for nothing before its greeting.
 */
public final class ProxyProtocolAdmission extends ChannelInboundHandlerAdapter {

    private final Admission admission;

    public ProxyProtocolAdmission(Admission admission) {
        this.admission = admission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
            boolean proxied = false;
            if (header.command() == HAProxyCommand.PROXY && header.proxiedProtocol() != HAProxyProxiedProtocol.UNKNOWN
                    && header.sourceAddress() != null) {
                client = new InetSocketAddress(header.sourceAddress(), header.sourcePort());
                proxied = true;
            }
            admission.admit(ctx, client, proxied);
            ctx.pipeline().remove(this);
        } finally {
            header.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.read(); // the header is not complete yet: this handler is removed once it is
    }
}
