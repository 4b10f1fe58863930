package org.mailplatform.imap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Graceful drain (SIGTERM in Kubernetes): idle and IDLE-ing sessions get {@code * BYE} at once so
 * their clients reconnect to another node; the server then starts again for the other tests.
 */
class DrainTest extends ImapServerTestBase {

    @Test
    void stoppingTheServerSaysByeToIdleSessions() throws Exception {
        try (LineClient idle = new LineClient(imapPort()); LineClient idling = new LineClient(imapPort())) {
            idle.login("drain@test.example");
            idling.login("drain@test.example").send("s SELECT INBOX").ok("s").send("i IDLE").expect("+ idling");
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
            idle.expect("* BYE [UNAVAILABLE] server shutting down, please reconnect");
            idling.expect("* BYE [UNAVAILABLE] server shutting down, please reconnect");
            stopped.get(10, TimeUnit.SECONDS);
        } finally {
            server.start();
        }
    }
}
