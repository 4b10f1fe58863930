package org.mailplatform.pop3.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A bare POP3 client connection for tests that need more than a transcript (timing, two nodes, big messages). */
public final class Pop3Connection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String greeting;

    public Pop3Connection(String host, int port) throws IOException {
        this(host, port, 0);
    }

    /** A client with a small receive buffer: a large response waits for it to read (0: the system's buffer). */
    public static Pop3Connection slowReader(String host, int port) throws IOException {
        return new Pop3Connection(host, port, 8 * 1024);
    }

    private Pop3Connection(String host, int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(host, port));
        socket.setSoTimeout(20_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        greeting = readLine();
    }

    public String greeting() {
        return greeting;
    }

    /** Sends a command and returns the status line. */
    public String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    public void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Logs in with USER/PASS and returns PASS's status line. */
    public String login(String user, String password) throws IOException {
        command("USER " + user);
        return command("PASS " + password);
    }

    /** The body of a multi-line response, up to the terminating dot, still byte-stuffed, as raw bytes. */
    public byte[] multiLineBytes() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine();
            if (line.length == 3 && line[0] == '.' && line[1] == '\r') {
                return body.toByteArray();
            }
            body.write(line);
        }
    }

    public List<String> multiLine() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = readLine(); !l.equals("."); l = readLine()) {
            lines.add(l);
        }
        return lines;
    }

    public String readLine() throws IOException {
        byte[] raw = readRawLine();
        return new String(raw, 0, Math.max(0, raw.length - 2), StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Cuts the connection without QUIT (TCP reset). */
    public void drop() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private byte[] readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        throw new IOException("connection closed after " + line.size() + " bytes of a line");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
