package org.mailplatform.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListenerPlanTest {

    @Test
    void withACertificatePlainPortsOfferStartTlsAndImplicitPortsOpen() {
        assertThat(new ListenerPlan("127.0.0.1", true, true).plain("imap", 143).implicitTls("imaps", 993).listeners())
                .containsExactly(new Listener("imap", "127.0.0.1", 143, TlsMode.STARTTLS, true),
                        new Listener("imaps", "127.0.0.1", 993, TlsMode.IMPLICIT, true));
    }

    @Test
    void withoutACertificatePlainPortsArePlainAndImplicitPortsAreNotOpened() {
        assertThat(new ListenerPlan(null, false, false).plain("mx", 25).plain("submission", 587)
                .implicitTls("smtps", 465).listeners())
                .containsExactly(new Listener("mx", "0.0.0.0", 25, TlsMode.NONE, false),
                        new Listener("submission", "0.0.0.0", 587, TlsMode.NONE, false));
    }

    @Test
    void aNegativePortIsNotOpened() {
        assertThat(new ListenerPlan(null, true, false).plain("pop3", -1).implicitTls("pop3s", -1).listeners()).isEmpty();
    }
}
