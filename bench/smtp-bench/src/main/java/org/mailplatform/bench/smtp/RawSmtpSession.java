package org.mailplatform.bench.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP client connection on a raw socket, as lean as smtp-source: no parsing beyond the reply
 * code, so the client costs as little CPU as possible on the shared machine.
 */
final class RawSmtpSession implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawSmtpSession(String host, int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    /** Greeting, EHLO, MAIL, RCPT and DATA, each expected to succeed (2xx, or 354 for DATA). */
    void openTransaction(String from, String to) throws IOException {
        expect(reply(), 2, "greeting");
        command("EHLO load.bench.test", 2);
        command("MAIL FROM:<" + from + ">", 2);
        command("RCPT TO:<" + to + ">", 2);
        command("DATA", 3);
    }

    /** Sends body bytes (already dot-stuffed, CRLF line endings) without ending the data. */
    void sendBody(byte[] body, int offset, int length) throws IOException {
        out.write(body, offset, length);
        out.flush();
    }

    /**
     * Ends the data and waits for the reply.
     *
     * @return nanoseconds from the end-of-data dot being sent to the reply being read
     */
    long endData() throws IOException {
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long t0 = System.nanoTime();
        String reply = reply();
        long elapsed = System.nanoTime() - t0;
        expect(reply, 2, "end of data");
        return elapsed;
    }

    void quit() throws IOException {
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reply();
    }

    private void command(String line, int expectedClass) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(reply(), expectedClass, line);
    }

    private static void expect(String reply, int expectedClass, String after) throws IOException {
        if (reply.isEmpty() || reply.charAt(0) - '0' != expectedClass) {
            throw new IOException("after " + after + ": " + reply);
        }
    }

    /** Reads one reply, multi-line included; returns its last line. */
    private String reply() throws IOException {
        while (true) {
            String line = line();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed by server");
            }
            if (b != '\r') {
                buffer.write(b);
            }
        }
        return buffer.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
