package org.mailplatform.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class TransportTest {

    @Test
    void nioIsNioEverywhere() {
        assertThat(Transport.NIO.resolve()).isEqualTo(Transport.NIO);
    }

    @Test
    void autoTakesEpollWhereItLoadsAndNioElsewhere() {
        assertThat(Transport.AUTO.resolve()).isEqualTo(Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
    }

    @Test
    void epollIsUsedOnLinuxWhereTheShippedLibraryLoads() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && (System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("aarch64")));
        // the pom ships the native library for both architectures: a missing one would silently cost NIO
        assertThat(Epoll.isAvailable()).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
        assertThat(Transport.EPOLL.resolve()).isEqualTo(Transport.EPOLL);
    }

    @Test
    void epollWhereItDoesNotLoadRefusesToStart() {
        assumeTrue(!Epoll.isAvailable());
        assertThatThrownBy(Transport.EPOLL::resolve).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("epoll transport is not available");
    }
}
