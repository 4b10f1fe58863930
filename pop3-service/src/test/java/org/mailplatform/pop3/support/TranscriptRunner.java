package org.mailplatform.pop3.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs a POP3 transcript: a text file of client lines and expected server lines, in the spirit of
 * Apache James' mpt scripts. One directive per line:
 * <pre>
 * # comment                  (blank lines are ignored too)
 * C: USER ${user}            send the line and CR LF
 * C&gt; RETR 1\r\nNOOP\r\n     send raw bytes; \r \n \\ escapes, nothing added
 * S: +OK 2 320               expect exactly this line
 * S~ \+OK .*                 expect a line matching this regex
 * CONNECT                    open a new connection (the greeting must be expected next)
 * STARTTLS                   switch the connection to TLS (after +OK to STLS)
 * DROP                       cut the connection without QUIT
 * CLOSED                     expect the server to close the connection
 * WAIT 200                   pause for so many milliseconds
 * </pre>
 * {@code ${name}} is replaced by the variable of that name.
 */
public final class TranscriptRunner {

    private static final int READ_TIMEOUT_MS = 10_000;

    private final String host;
    private final int port;
    private final Map<String, String> variables;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    public TranscriptRunner(String host, int port, Map<String, String> variables) {
        this.host = host;
        this.port = port;
        this.variables = variables;
    }

    public void run(Path script) throws IOException {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        connect();
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                try {
                    step(line);
                } catch (AssertionError | IOException e) {
                    throw new AssertionError(script.getFileName() + ":" + (i + 1) + ": " + line + "\n" + e.getMessage(), e);
                }
            }
        } finally {
            socket.close();
        }
    }

    private void step(String raw) throws IOException {
        if (raw.isBlank() || raw.startsWith("#")) {
            return;
        }
        String line = substitute(raw);
        if (line.startsWith("C: ")) {
            out.write((line.substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } else if (line.startsWith("C> ")) {
            out.write(unescape(line.substring(3)).getBytes(StandardCharsets.UTF_8));
            out.flush();
        } else if (line.startsWith("S: ") || line.equals("S:")) {
            assertThat(readLine()).as("server line").isEqualTo(line.length() > 3 ? line.substring(3) : "");
        } else if (line.startsWith("S~ ")) {
            assertThat(readLine()).as("server line").matches(Pattern.compile(line.substring(3)));
        } else if (line.equals("CONNECT")) {
            socket.close();
            connect();
        } else if (line.equals("STARTTLS")) {
            startTls();
        } else if (line.equals("DROP")) {
            socket.setSoLinger(true, 0);
            socket.close();
        } else if (line.startsWith("WAIT ")) {
            try {
                Thread.sleep(Long.parseLong(line.substring(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (line.equals("CLOSED")) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection still open");
            } catch (IOException reset) {
                b = -1;
            }
            assertThat(b).as("end of stream").isEqualTo(-1);
        } else {
            throw new IllegalArgumentException("unknown directive: " + raw);
        }
    }

    private void connect() throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    private void startTls() throws IOException {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trustAll()}, new SecureRandom());
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
            ssl.startHandshake();
            socket = ssl;
            in = ssl.getInputStream();
            out = ssl.getOutputStream();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** One line without its CR LF; fails on a bare LF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed; got so far: " + line.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n') {
                assertThat(previous).as("CR before LF").isEqualTo('\r');
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    private String substitute(String line) {
        String result = line;
        for (Map.Entry<String, String> v : variables.entrySet()) {
            result = result.replace("${" + v.getKey() + "}", v.getValue());
        }
        return result;
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\\\", "\\");
    }

    static X509TrustManager trustAll() {
        return new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
    }
}
