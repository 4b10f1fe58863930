package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare IMAP connection for tests that need two clients at once. */
final class LineClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    LineClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /** A client with a small socket receive buffer, so that the server soon sees it does not read. */
    static LineClient slowReader(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4 * 1024);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        return new LineClient(s);
    }

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    LineClient send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends raw bytes (a literal's data). */
    LineClient write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The raw input, for reading a large response in blocks. */
    InputStream input() {
        return in;
    }

    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Reads lines up to the next one that matches (a glob as in transcripts) and returns it. */
    LineClient expect(String glob) throws IOException {
        assertThat(readLine()).matches(TranscriptRunner.glob(glob));
        return this;
    }

    /** Skips untagged FETCH responses (flag changes the poll may report first) up to a line that matches. */
    LineClient expectAfterFetches(String glob) throws IOException {
        String line;
        do {
            line = readLine();
        } while (line.matches("\\* [0-9]+ FETCH .*") && !TranscriptRunner.glob(glob).matcher(line).matches());
        assertThat(line).matches(TranscriptRunner.glob(glob));
        return this;
    }

    /** Reads lines until the tagged response of {@code tag}, which must be OK. */
    LineClient ok(String tag) throws IOException {
        String line;
        do {
            line = readLine();
        } while (!line.startsWith(tag + " "));
        assertThat(line).startsWith(tag + " OK");
        return this;
    }

    /** Sends {@code tag command} and returns every line up to and including the tagged response. */
    java.util.List<String> run(String tag, String command) throws IOException {
        send(tag + " " + command);
        java.util.List<String> lines = new java.util.ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    /** Reads exactly {@code n} bytes (a literal's data). */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Asserts that the server has closed the connection: nothing more to read. */
    void expectEnd() throws IOException {
        assertThat(in.read()).as("end of the connection").isEqualTo(-1);
    }

    LineClient login(String user) throws IOException {
        expect("* OK ${*}");
        return send("l LOGIN " + user + " pw").ok("l");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
