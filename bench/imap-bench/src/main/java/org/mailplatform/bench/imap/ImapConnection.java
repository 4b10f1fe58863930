package org.mailplatform.bench.imap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking IMAP client for load: sends one command at a time and reads the untagged
 * responses (literals skipped by their announced length) up to the tagged one. It keeps the last
 * {@code * n EXISTS} it saw, which the mix needs for its random fetches.
 */
final class ImapConnection implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private int limit;
    private int tag;
    private int exists;
    private long literalBytes;

    /** @param bufferSize the read buffer: large for the FETCH mix, small for thousands of idle sessions */
    ImapConnection(String host, int port, int bufferSize) throws IOException {
        buf = new byte[bufferSize];
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        String greeting = line();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("greeting: " + greeting);
        }
    }

    void login(String user, String password) throws IOException {
        command("LOGIN \"" + user + "\" \"" + password + "\"");
    }

    /** Sends a command and reads up to its tagged reply, which must be OK. */
    void command(String command) throws IOException {
        String reply = send(command);
        if (!reply.startsWith("OK")) {
            throw new IOException(command + ": " + reply);
        }
    }

    /** Sends a command and returns its tagged reply without the tag ({@code OK ...}, {@code NO ...}). */
    String send(String command) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String prefix = t + " ";
        while (true) {
            String line = line();
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                exists = Integer.parseInt(line.substring(2, line.length() - 7));
            }
        }
    }

    /** Starts IDLE and returns once the server's continuation request arrived. */
    void idle() throws IOException {
        String t = "a" + (++tag);
        out.write((t + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (true) {
            String line = line();
            if (line.startsWith("+")) {
                return;
            }
            if (line.startsWith(t + " ")) {
                throw new IOException("IDLE: " + line);
            }
        }
    }

    int exists() {
        return exists;
    }

    long literalBytes() {
        return literalBytes;
    }

    /** One response line without its CRLF; a literal it announces is read and dropped, then the line goes on. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            if (pos == limit) {
                fill();
            }
            int from = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            if (pos == limit) {
                line.write(buf, from, pos - from);
                continue;
            }
            line.write(buf, from, pos - from);
            pos++;
            byte[] bytes = line.toByteArray();
            int n = bytes.length;
            int end = n > 0 && bytes[n - 1] == '\r' ? n - 1 : n;
            long literal = literalLength(bytes, end);
            if (literal < 0) {
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            skip(literal);
            literalBytes += literal;
            line.reset();
            line.write(bytes, 0, end);
        }
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == limit) {
                fill();
            }
            int k = (int) Math.min(n, limit - pos);
            pos += k;
            n -= k;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buf);
        if (n < 0) {
            throw new EOFException("connection closed by the server");
        }
        pos = 0;
        limit = n;
    }

    private static long literalLength(byte[] b, int end) {
        if (end < 3 || b[end - 1] != '}') {
            return -1;
        }
        int i = end - 2;
        while (i >= 0 && b[i] >= '0' && b[i] <= '9') {
            i--;
        }
        if (i < 0 || b[i] != '{' || i == end - 2) {
            return -1;
        }
        return Long.parseLong(new String(b, i + 1, end - 2 - i, StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    void logout() {
        try (this) {
            command("LOGOUT");
        } catch (IOException ignored) {
            // the server may close first; nothing to do either way
        }
    }
}
