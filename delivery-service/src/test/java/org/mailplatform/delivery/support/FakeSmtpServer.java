package org.mailplatform.delivery.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small real SMTP server for the relay tests (RFC 5321 with PIPELINING, SIZE, 8BITMIME, DSN,
 * SMTPUTF8 and, given a TLS context, STARTTLS advertised): accepts MAIL, answers RCPT from a per-address script (default 250), takes
 * DATA and records what it received. Each connection runs on its own virtual thread.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** One message as received: envelope, the raw MAIL/RCPT lines and the un-dot-stuffed body. */
    public record Received(String mailFrom, String mailCommand, List<String> rcptCommands, List<String> recipients,
                           byte[] content, boolean tls) {
        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final SSLContext tls;
    private final Map<String, Deque<String>> rcptScript = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> rcptAttempts = new CopyOnWriteArrayList<>();
    private final List<String> authenticated = new CopyOnWriteArrayList<>();
    private volatile String authToken;
    private volatile boolean running = true;

    /** @param tls offers STARTTLS with this server context; {@code null} for plaintext only */
    public FakeSmtpServer(SSLContext tls) throws IOException {
        this.tls = tls;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("fake-smtp").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The replies to give, in turn, to RCPT TO this address (after the script: 250). */
    public void script(String address, String... replies) {
        rcptScript.put(address.toLowerCase(Locale.ROOT), new ConcurrentLinkedDeque<>(List.of(replies)));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> receivedFor(String address) {
        return received.stream().filter(r -> r.recipients().contains(address.toLowerCase(Locale.ROOT))).toList();
    }

    /** Offers AUTH PLAIN (after STARTTLS when TLS is configured) and accepts only these credentials. */
    public void requireAuth(String user, String password) {
        authToken = java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The users that authenticated, in order. */
    public List<String> authenticated() {
        return List.copyOf(authenticated);
    }

    /** Every RCPT TO address tried, in order. */
    public List<String> rcptAttempts() {
        return List.copyOf(rcptAttempts);
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> session(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket plain) {
        Socket s = plain;
        try {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            boolean secure = false;
            reply(out, "220 mx.remote.test ESMTP fake");
            String from = null;
            String mailCommand = null;
            List<String> rcptCommands = new ArrayList<>();
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    reply(out, "250-mx.remote.test\r\n250-PIPELINING\r\n250-SIZE 10000000\r\n250-8BITMIME\r\n"
                            + (tls != null && !secure ? "250-STARTTLS\r\n" : "")
                            + (authToken != null && (secure || tls == null) ? "250-AUTH PLAIN\r\n" : "")
                            + "250-DSN\r\n250 SMTPUTF8");
                } else if (upper.startsWith("AUTH PLAIN ")) {
                    boolean ok = line.substring(11).equals(authToken);
                    if (ok) {
                        authenticated.add(new String(java.util.Base64.getDecoder().decode(authToken),
                                StandardCharsets.UTF_8).split("\0")[1]);
                    }
                    reply(out, ok ? "235 2.7.0 authenticated" : "535 5.7.8 bad credentials");
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 ready to start TLS");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    in = new BufferedInputStream(ssl.getInputStream());
                    out = ssl.getOutputStream();
                    secure = true;
                    from = null;
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 mx.remote.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    mailCommand = line;
                    rcptCommands.clear();
                    rcpts.clear();
                    reply(out, "250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    String rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase(Locale.ROOT);
                    rcptAttempts.add(rcpt);
                    Deque<String> script = rcptScript.get(rcpt);
                    String answer = script == null || script.isEmpty() ? "250 2.1.5 ok" : script.poll();
                    if (answer.startsWith("2")) {
                        rcpts.add(rcpt);
                        rcptCommands.add(line);
                    }
                    reply(out, answer);
                } else if (upper.equals("DATA")) {
                    reply(out, "354 go ahead");
                    byte[] body = readData(in);
                    if (body == null) {
                        return; // the client went away before the final ".": nothing was sent (RFC 5321)
                    }
                    received.add(new Received(from, mailCommand, List.copyOf(rcptCommands), List.copyOf(rcpts), body, secure));
                    reply(out, "250 2.0.0 queued");
                } else if (upper.equals("RSET")) {
                    rcpts.clear();
                    reply(out, "250 ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "502 5.5.1 not implemented");
                }
            }
        } catch (IOException e) {
            // client went away
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    /** The message up to the final ".", or null when the connection ends first. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return body.toByteArray();
            }
            body.write((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.UTF_8));
            body.write('\r');
            body.write('\n');
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return null;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }
}
