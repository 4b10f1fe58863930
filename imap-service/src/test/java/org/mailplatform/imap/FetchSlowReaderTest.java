package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * FETCH writes from a blocking thread straight into the channel: a client that stops reading holds
 * that thread (protocol-kit's WriteBackpressure), the bytes the server buffers stay near the
 * channel's high water mark instead of growing to the size of the response, and the FETCH
 * completes once the client reads again.
 */
class FetchSlowReaderTest extends ImapServerTestBase {

    private static final int MESSAGES = 12;
    private static final int MESSAGE_SIZE = 1_000_000;
    /** The channel's high water mark (128 KiB), one 64 KiB write of FetchOutput, and some slack. */
    private static final long BOUND = 128 * 1024 + 64 * 1024 + 64 * 1024;

    @Test
    void aFetchToAClientThatStopsReadingWaitsWithBoundedBuffersAndCompletesWhenItReadsAgain() throws Exception {
        String user = "fetch-slow@test.example";
        byte[] message = message(MESSAGE_SIZE);
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            for (int i = 0; i < MESSAGES; i++) {
                c.send("a" + i + " APPEND INBOX {" + message.length + "}").expect("+ ${*}");
                c.write(message).write("\r\n".getBytes(StandardCharsets.US_ASCII)).ok("a" + i);
            }
        }

        try (LineClient slow = LineClient.slowReader(imapPort())) {
            slow.login(user);
            slow.send("s SELECT INBOX").ok("s");
            slow.send("f FETCH 1:* BODY.PEEK[]");

            // the FETCH stops while nothing is read: its thread waits and what it wrote stays put
            AtomicLong last = new AtomicLong(-1);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    server.blockingInFlight() > 0 && server.pendingOutboundBytes() > 64 * 1024
                            && last.getAndSet(server.pendingOutboundBytes()) == server.pendingOutboundBytes());
            Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                    server.blockingInFlight() > 0 && server.pendingOutboundBytes() <= BOUND);

            long read = readUntil(slow.input(), "\r\nf OK ");
            assertThat(read).isGreaterThan((long) MESSAGES * message.length);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.blockingInFlight() == 0);
    }

    /** Reads in blocks until {@code end} was seen; returns the bytes read. */
    private static long readUntil(InputStream in, String end) throws Exception {
        byte[] buf = new byte[64 * 1024];
        StringBuilder tail = new StringBuilder();
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            tail.append(new String(buf, Math.max(0, n - 200), Math.min(n, 200), StandardCharsets.ISO_8859_1));
            if (tail.indexOf(end) >= 0) {
                return total;
            }
            tail.delete(0, Math.max(0, tail.length() - 200));
        }
        throw new AssertionError("connection ended after " + total + " bytes without " + end.strip());
    }

    private static byte[] message(int size) {
        StringBuilder m = new StringBuilder("From: a@test.example\r\nTo: fetch-slow@test.example\r\nSubject: big\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (m.length() + line.length() <= size) {
            m.append(line);
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
