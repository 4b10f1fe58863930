package org.mailplatform.protocol.limit;

import java.net.InetSocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The "connection-limit" slot. Without PROXY protocol it admits the connection as soon as it is
 * active, by its TCP peer address. With PROXY protocol it leaves admission to
 * {@link ProxyProtocolAdmission}, which knows the real client address.
 */
public final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private final Admission admission;
    private final boolean proxyProtocol;

    public ConnectionLimitHandler(Admission admission, boolean proxyProtocol) {
        this.admission = admission;
        this.proxyProtocol = proxyProtocol;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        if (!proxyProtocol) {
            admission.admit(ctx, (InetSocketAddress) ctx.channel().remoteAddress(), false);
        }
        ctx.pipeline().remove(this);
    }
}
