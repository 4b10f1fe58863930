package org.mailplatform.bench.e2e;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One IMAP session in IDLE on a user's INBOX, on a raw socket: a thread of its own reads the
 * server's lines and stamps each new {@code * n EXISTS} with {@link System#nanoTime()} the moment
 * the line is read, so no client library's dispatching sits between the server and the timestamp.
 */
final class IdleWatcher implements Closeable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final BlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile IOException failure;
    private long exists;

    IdleWatcher(String host, int port, String user, String password) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        expect(in.readLine(), "* OK", "greeting");
        command("a1", "LOGIN \"" + user + "\" \"" + password + "\"");
        command("a2", "SELECT INBOX");
        send("a3 IDLE");
        String line;
        while ((line = in.readLine()) != null && !line.startsWith("+")) {
            if (line.startsWith("a3 ")) {
                throw new IOException("IDLE refused: " + line);
            }
        }
        reader = Thread.ofPlatform().daemon().name("idle-" + user).start(this::readUntilClosed);
    }

    /**
     * Waits for the next new message the server announced and returns when its EXISTS line was
     * read ({@code System.nanoTime()}), or {@code -1} after the timeout.
     */
    long nextArrival(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        Long at = arrivals.poll(timeout, unit);
        if (at == null && failure != null) {
            throw failure;
        }
        return at == null ? -1 : at;
    }

    /** Arrivals not yet taken: after a timeout the late EXISTS must not be paired with the next message. */
    void forgetPending() {
        arrivals.clear();
    }

    private void readUntilClosed() {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                long now = System.nanoTime();
                if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                    long n = Long.parseLong(line.substring(2, line.length() - " EXISTS".length()));
                    if (n > exists) {
                        exists = n;
                        arrivals.add(now);
                    }
                }
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                failure = e;
            }
        }
    }

    private void command(String tag, String command) throws IOException {
        send(tag + " " + command);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                exists = Long.parseLong(line.substring(2, line.length() - " EXISTS".length()));
            }
            if (line.startsWith(tag + " ")) {
                expect(line, tag + " OK", command.split(" ")[0]);
                return;
            }
        }
        throw new IOException("connection closed during " + command);
    }

    private void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void expect(String line, String prefix, String what) throws IOException {
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException(what + ": " + line);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send("DONE");
            send("a4 LOGOUT");
        } catch (IOException ignored) {
            // the server may have closed the session already; the socket is closed either way
        } finally {
            socket.close();
        }
    }
}
