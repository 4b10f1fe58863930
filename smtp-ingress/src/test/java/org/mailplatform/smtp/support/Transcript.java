package org.mailplatform.smtp.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * Runs a raw-socket SMTP transcript from {@code src/test/resources/transcripts}. Lines:
 * <ul>
 *   <li>{@code @listener mx|submission}: which port to connect to (first lines; default mx)</li>
 *   <li>{@code @from 127.0.0.2}: the client's own address (first lines; default the system's
 *       choice, 127.0.0.1), for checks of the client address</li>
 *   <li>{@code C: text}: send text plus CR LF; {@code C- text}: send text without CR LF.
 *       Escapes: {@code \r}, {@code \n}, {@code \\}, and {@code {repeat N}text{/repeat}}</li>
 *   <li>{@code S: text}: the next reply line equals text; {@code *} in text matches anything</li>
 *   <li>{@code TLS}: start a TLS handshake on the connection (after a 220 to STARTTLS)</li>
 *   <li>{@code CLOSED}: the server has closed the connection</li>
 *   <li>{@code #} comments and blank lines are ignored</li>
 *   <li>{@code ${name}} anywhere: the value the test gives for {@code name}, before escapes</li>
 * </ul>
 */
public final class Transcript {

    private Transcript() {
    }

    public static void run(Path file, ToIntFunction<String> ports) throws Exception {
        run(file, ports, null);
    }

    /** Runs {@code file} from the client address {@code client} (overriding its {@code @from}), when not null. */
    public static void run(Path file, ToIntFunction<String> ports, InetAddress client) throws Exception {
        run(file, ports, client, Map.of());
    }

    /** Runs {@code file} with each {@code ${name}} replaced by {@code variables}' value (a missing one fails). */
    public static void run(Path file, ToIntFunction<String> ports, InetAddress client, Map<String, String> variables) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> substitute(l, variables)).toList();
        String listener = "mx";
        InetAddress from = null;
        for (String line : lines) {
            if (line.startsWith("@listener ")) {
                listener = line.substring(10).strip();
            } else if (line.startsWith("@from ")) {
                from = InetAddress.getByName(line.substring(6).strip());
            }
        }
        from = client != null ? client : from;
        List<String> seen = new ArrayList<>();
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), ports.applyAsInt(listener), from, 0);
        socket.setSoTimeout(10_000);
        try {
            Connection c = new Connection(socket);
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("@")) {
                    continue;
                }
                String where = file.getFileName() + ":" + n;
                if (line.startsWith("C: ")) {
                    c.send(unescape(line.substring(3)) + "\r\n");
                } else if (line.startsWith("C- ")) {
                    c.send(unescape(line.substring(3)));
                } else if (line.startsWith("S: ")) {
                    String expected = line.substring(3);
                    String actual = c.line();
                    seen.add(actual);
                    if (actual == null || !glob(expected).matcher(actual).matches()) {
                        throw new AssertionError(where + ": expected [" + expected + "] but got [" + actual + "]; replies so far: " + seen);
                    }
                } else if (line.equals("TLS")) {
                    c = c.startTls();
                } else if (line.equals("CLOSED")) {
                    String actual = c.line();
                    if (actual != null) {
                        throw new AssertionError(where + ": expected the connection closed, got [" + actual + "]");
                    }
                } else {
                    throw new IllegalArgumentException(where + ": cannot read transcript line " + line);
                }
            }
        } finally {
            socket.close();
        }
    }

    private static String substitute(String line, Map<String, String> variables) {
        var m = Pattern.compile("\\$\\{([a-z-]+)}").matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("transcript variable ${" + m.group(1) + "} not given");
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static Pattern glob(String expected) {
        StringBuilder regex = new StringBuilder();
        for (String part : expected.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    static String unescape(String s) {
        String repeated = s;
        var m = Pattern.compile("\\{repeat (\\d+)}(.*?)\\{/repeat}").matcher(repeated);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(expanded, java.util.regex.Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(expanded);
        StringBuilder out = new StringBuilder();
        String t = expanded.toString();
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '\\' && i + 1 < t.length()) {
                char e = t.charAt(++i);
                out.append(switch (e) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> e;
                });
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    private static final class Connection {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            InputStream raw = socket.getInputStream();
            this.in = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return "<timeout>";
            } catch (java.net.SocketException e) {
                return null;
            }
        }

        Connection startTls() throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            return new Connection(tls);
        }
    }
}
