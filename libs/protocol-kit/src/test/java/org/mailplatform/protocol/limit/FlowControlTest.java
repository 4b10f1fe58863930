package org.mailplatform.protocol.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.session.SessionEvent;

class FlowControlTest {

    private long now;
    private final List<Object> seen = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new FlowControl(3, () -> now), new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seen.add(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }
    });

    @Test
    void commandsBeyondTheRateAreReplacedByAnEvent() {
        for (int i = 0; i < 4; i++) {
            channel.writeInbound("CMD" + i);
        }
        assertThat(seen).containsExactly("CMD0", "CMD1", "CMD2", new SessionEvent.CommandRateExceeded(3));
    }

    @Test
    void tokensComeBackOverTime() {
        for (int i = 0; i < 3; i++) {
            channel.writeInbound("CMD" + i);
        }
        now += 20_000_000_000L; // a third of a minute: one token
        channel.writeInbound("LATER");
        assertThat(seen).containsExactly("CMD0", "CMD1", "CMD2", "LATER");
    }

    @Test
    void streamChunksAreNotCommands() {
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(new Frame.Chunk(new byte[1], false));
        }
        channel.writeInbound("CMD");
        assertThat(seen).hasSize(11).last().isEqualTo("CMD");
    }

    @Test
    void creditIsTakenOnlyOnceTheRateIsSpentAndThenRunsOut() {
        channel.pipeline().get(FlowControl.class).credit(2);
        for (int i = 0; i < 6; i++) {
            channel.writeInbound("CMD" + i);
        }
        assertThat(seen).containsExactly("CMD0", "CMD1", "CMD2", "CMD3", "CMD4", new SessionEvent.CommandRateExceeded(3));
    }

    @Test
    void tokensThatCameBackAreSpentBeforeTheCredit() {
        channel.pipeline().get(FlowControl.class).credit(1);
        for (int i = 0; i < 3; i++) {
            channel.writeInbound("CMD" + i);
        }
        now += 20_000_000_000L; // one token back
        channel.writeInbound("LATER");
        channel.writeInbound("CREDIT");
        channel.writeInbound("NONE");
        assertThat(seen).containsExactly("CMD0", "CMD1", "CMD2", "LATER", "CREDIT", new SessionEvent.CommandRateExceeded(3));
    }
}
