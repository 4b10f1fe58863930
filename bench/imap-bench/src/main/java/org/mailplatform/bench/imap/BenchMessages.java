package org.mailplatform.bench.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The messages both servers serve: the same bytes appended to imap-service's INBOX and written into
 * Dovecot's Maildir. Plain-text messages with the headers an ENVELOPE reports (Date, Subject, From,
 * To, Cc, Message-ID, In-Reply-To), padded with 76-character lines to about {@code size} bytes.
 *
 * <p>{@code java ... BenchMessages maildir DIR N SIZE} writes the Maildir for Dovecot.
 */
final class BenchMessages {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private BenchMessages() {
    }

    static String message(int i, int size) {
        ZonedDateTime date = ZonedDateTime.of(2026, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusMinutes(37L * i);
        StringBuilder m = new StringBuilder()
                .append("Date: ").append(DATE.format(date)).append("\r\n")
                .append("From: Sender ").append(i % 17).append(" <sender").append(i % 17).append("@example.org>\r\n")
                .append("To: Bench User <bench@bench.test>\r\n")
                .append("Cc: list-").append(i % 5).append("@lists.example.org\r\n")
                .append("Subject: Re: benchmark message number ").append(i).append(" about topic ").append(i % 31).append("\r\n")
                .append("Message-ID: <bench-").append(i).append("@example.org>\r\n")
                .append("In-Reply-To: <bench-").append(Math.max(1, i - 1)).append("@example.org>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
                .append("Hello, this is message ").append(i).append(".\r\n");
        while (m.length() + 78 <= size) {
            m.append("x".repeat(76)).append("\r\n");
        }
        return m.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !args[0].equals("maildir")) {
            System.err.println("usage: BenchMessages maildir DIR N SIZE");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        for (String sub : new String[] {"cur", "new", "tmp"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (int i = 1; i <= n; i++) {
            // Maildir files use LF line ends; Dovecot adds the CR on the wire
            String lf = message(i, size).replace("\r\n", "\n");
            Files.writeString(dir.resolve("cur").resolve((1700000000 + i) + ".M" + i + "P1.bench:2,"), lf,
                    StandardCharsets.UTF_8);
        }
    }
}
