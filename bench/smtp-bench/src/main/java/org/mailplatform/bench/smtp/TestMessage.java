package org.mailplatform.bench.smtp;

import java.nio.charset.StandardCharsets;

/**
 * A message of a given size as the benchmark sends it: a few headers, then 76-character lines of
 * printable text (none starts with a dot, so nothing needs stuffing), CRLF line endings.
 */
final class TestMessage {

    private TestMessage() {
    }

    static byte[] of(int size, String from, String to) {
        StringBuilder m = new StringBuilder(size + 100);
        m.append("From: <").append(from).append(">\r\n")
                .append("To: <").append(to).append(">\r\n")
                .append("Subject: smtp-bench message of ").append(size).append(" bytes\r\n")
                .append("Message-ID: <bench-").append(size).append("@load.bench.test>\r\n")
                .append("Date: Sun, 22 Nov 2026 08:00:00 +0000\r\n")
                .append("\r\n");
        String line = "The quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstu\r\n";
        while (m.length() + line.length() <= size) {
            m.append(line);
        }
        while (m.length() < size - 2) {
            m.append('x');
        }
        m.append("\r\n");
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
