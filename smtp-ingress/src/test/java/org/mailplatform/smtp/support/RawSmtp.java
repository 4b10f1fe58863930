package org.mailplatform.smtp.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A minimal SMTP client for tests that need the final reply of one whole transaction. */
public final class RawSmtp {

    private RawSmtp() {
    }

    /** Sends one message to {@code to} on the given port and returns the reply to the end of data. */
    public static String send(int port, String to, String body) throws Exception {
        return send(port, InetAddress.getLoopbackAddress(), "sender@remote.example", to,
                (body + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code message} (CRLF line ends, ending in CRLF, no line starting with a dot) from the
     * local address {@code client} with {@code mailFrom}, and returns the reply to the end of data.
     */
    public static String send(int port, InetAddress client, String mailFrom, String to, byte[] message) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port, client, 0)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, "HELO client.example");
            expect(in, "250");
            command(out, "MAIL FROM:<" + mailFrom + ">");
            expect(in, "250");
            command(out, "RCPT TO:<" + to + ">");
            expect(in, "250");
            command(out, "DATA");
            expect(in, "354");
            out.write(message);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = in.readLine();
            command(out, "QUIT");
            return reply;
        }
    }

    private static void command(OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void expect(BufferedReader in, String code) throws Exception {
        String line = in.readLine();
        if (line == null || !line.startsWith(code)) {
            throw new AssertionError("expected " + code + " but got " + line);
        }
    }
}
