package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.teststack.WithTestStack;

/** Shutdown (SIGTERM in Kubernetes): idle sessions are told 421 4.3.2, a DATA transfer in flight finishes first. */
@WithTestStack
class DrainTest {

    @Test
    void idleSessionsCloseAtOnceAndTheTransactionInFlightIsQueuedBeforeGoodbye(BackendEndpoints stack) throws Exception {
        SmtpFixture smtp = new SmtpFixture(stack, Map.of("mail.smtp.limits.shutdown-grace", "20s"));
        try (Socket idle = new Socket("127.0.0.1", smtp.port(SmtpServer.MX));
             Socket busy = new Socket("127.0.0.1", smtp.port(SmtpServer.MX))) {
            idle.setSoTimeout(10_000);
            busy.setSoTimeout(10_000);
            BufferedReader idleIn = reader(idle);
            BufferedReader busyIn = reader(busy);
            OutputStream busyOut = busy.getOutputStream();
            assertThat(idleIn.readLine()).startsWith("220 ");
            assertThat(busyIn.readLine()).startsWith("220 ");
            busyOut.write("HELO c.example\r\nMAIL FROM:<d@remote.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nSubject: drain\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            busyOut.flush();
            for (int i = 0; i < 3; i++) {
                assertThat(busyIn.readLine()).startsWith("250 ");
            }
            assertThat(busyIn.readLine()).startsWith("354 ");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(smtp::close);
            assertThat(idleIn.readLine()).isEqualTo("421 4.3.2 mx.test.example Service shutting down");
            assertThat(idleIn.readLine()).isNull();

            busyOut.write("still arriving\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            busyOut.flush();
            assertThat(busyIn.readLine()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(busyIn.readLine()).isEqualTo("421 4.3.2 mx.test.example Service shutting down");
            shutdown.get();
        } finally {
            smtp.close();
        }
    }

    private static BufferedReader reader(Socket s) throws Exception {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }
}
