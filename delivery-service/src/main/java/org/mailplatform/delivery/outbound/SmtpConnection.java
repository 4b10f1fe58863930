package org.mailplatform.delivery.outbound;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking SMTP client connection (RFC 5321), run on a virtual thread: greeting, EHLO (HELO
 * fallback), STARTTLS (RFC 3207), AUTH PLAIN (RFC 4954), commands with pipelining (RFC 2920) and
 * the DATA body. Replies are read with a per-read timeout and a line length limit.
 */
final class SmtpConnection implements AutoCloseable {

    private static final int MAX_LINE = 8192;
    private static final int MAX_REPLY_LINES = 200;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final String hostName;
    private Map<String, String> extensions = Map.of();
    private int transactions;

    private SmtpConnection(Socket socket, String hostName) throws IOException {
        this.hostName = hostName;
        attach(socket);
    }

    static SmtpConnection open(InetSocketAddress address, String hostName, Duration connectTimeout,
                               Duration commandTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) connectTimeout.toMillis());
            s.setSoTimeout((int) commandTimeout.toMillis());
            return new SmtpConnection(s, hostName);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private void attach(Socket s) throws IOException {
        socket = s;
        in = new BufferedInputStream(s.getInputStream());
        out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    }

    SmtpReply read() throws IOException {
        List<String> lines = new ArrayList<>();
        int code;
        while (true) {
            String line = readLine();
            if (line.length() < 3) {
                throw new IOException("malformed reply: " + line);
            }
            try {
                code = Integer.parseInt(line.substring(0, 3));
            } catch (NumberFormatException e) {
                throw new IOException("malformed reply: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new SmtpReply(code, lines);
            }
            if (lines.size() > MAX_REPLY_LINES) {
                throw new IOException("reply too long");
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("reply line too long");
            }
            line.write(b);
        }
        throw new IOException("connection closed by " + hostName);
    }

    /** Sends commands without waiting (callers read the replies in order). */
    void send(String... commands) throws IOException {
        for (String c : commands) {
            out.write((c + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    SmtpReply command(String command) throws IOException {
        send(command);
        return read();
    }

    /** EHLO, or HELO when the server refuses EHLO; remembers the advertised extensions. */
    SmtpReply hello(String heloName) throws IOException {
        SmtpReply r = command("EHLO " + heloName);
        if (r.positive()) {
            Map<String, String> ext = new HashMap<>();
            for (String line : r.lines().subList(1, r.lines().size())) {
                String[] kv = line.split(" ", 2);
                ext.put(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1] : "");
            }
            extensions = ext;
            return r;
        }
        extensions = Map.of();
        return command("HELO " + heloName);
    }

    boolean supports(String extension) {
        return extensions.containsKey(extension);
    }

    /** The SIZE limit the server advertised, 0 when none. */
    long sizeLimit() {
        String v = extensions.get("SIZE");
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** STARTTLS and the TLS handshake; the caller says EHLO again afterwards. */
    SmtpReply startTls(SSLContext context, boolean verifyHost) throws IOException {
        SmtpReply r = command("STARTTLS");
        if (r.code() != 220) {
            return r;
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, hostName, socket.getPort(), true);
        if (verifyHost) {
            SSLParameters params = tls.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
        }
        tls.setUseClientMode(true);
        tls.startHandshake();
        attach(tls);
        extensions = Map.of();
        return r;
    }

    boolean secure() {
        return socket instanceof SSLSocket;
    }

    /** AUTH PLAIN with the initial response (RFC 4616). */
    SmtpReply authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    /** Writes the message body (dot-stuffed, ended with CRLF.CRLF) and reads the final reply. */
    SmtpReply data(InputStream content) throws IOException {
        DotStuffingOutputStream body = new DotStuffingOutputStream(out);
        content.transferTo(body);
        body.finish();
        return read();
    }

    /** Notes that a mail transaction (MAIL FROM) starts on this session. */
    void transactionStarted() {
        transactions++;
    }

    /** Mail transactions started on this session so far. */
    int transactions() {
        return transactions;
    }

    /** Closes the socket without QUIT (the server is gone or the session is in an unknown state). */
    void abandon() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        try {
            socket.setSoTimeout(2000);
            send("QUIT");
            read();
        } catch (IOException | RuntimeException ignored) {
            // the transaction is over; a failed QUIT changes nothing
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
