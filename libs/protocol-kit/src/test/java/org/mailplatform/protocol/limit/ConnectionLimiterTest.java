package org.mailplatform.protocol.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.session.SessionEvent.Reason;

class ConnectionLimiterTest {

    private final InetAddress a = InetAddress.getLoopbackAddress();
    private final InetAddress b = address("192.0.2.7");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void refusesBeyondThePerAddressLimitButNotOtherAddresses() {
        ConnectionLimiter limiter = new ConnectionLimiter(10, 2);
        assertThat(limiter.tryAcquire(a)).isEmpty();
        assertThat(limiter.tryAcquire(a)).isEmpty();
        assertThat(limiter.tryAcquire(a)).contains(Reason.TOO_MANY_FROM_ADDRESS);
        assertThat(limiter.tryAcquire(b)).isEmpty();
        assertThat(limiter.total()).isEqualTo(3);
        limiter.release(a);
        assertThat(limiter.tryAcquire(a)).isEmpty();
    }

    @Test
    void refusesBeyondTheTotal() {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 5);
        assertThat(limiter.tryAcquire(a)).isEmpty();
        assertThat(limiter.tryAcquire(b)).contains(Reason.TOO_MANY_CONNECTIONS);
        limiter.release(a);
        assertThat(limiter.total()).isZero();
        assertThat(limiter.from(a)).isZero();
        assertThat(limiter.tryAcquire(b)).isEmpty();
    }
}
