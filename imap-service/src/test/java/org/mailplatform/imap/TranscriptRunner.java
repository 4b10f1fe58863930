package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

/**
 * Runs protocol transcripts: {@code C:} lines are sent (CR LF appended), {@code S:} lines must
 * match the next line the server sends. In {@code S:} lines {@code ${*}} matches anything and
 * {@code ${n}} a number; everything else is literal. {@code S~} lines are Java regular expressions;
 * their named groups ({@code (?<id>...)}) are kept, and {@code $[id]} in a later {@code C:} line is
 * replaced by the value (for what the server makes up, such as an EMAILID).
 * {@code CLOSED} expects the server to close the connection; {@code C-BYTES: n x} sends n bytes
 * of x without a line end; {@code # ...} and blank lines are comments.
 */
public final class TranscriptRunner {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\*|n)}");
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private TranscriptRunner() {
    }

    /** One dynamic test per {@code .txt} file in the classpath folder. */
    public static Stream<DynamicTest> all(String folder, int port, String preamble) {
        try {
            Path dir = Path.of(TranscriptRunner.class.getResource("/" + folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> sorted = files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
                return sorted.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), f.toUri(),
                        () -> run(Files.readAllLines(f, StandardCharsets.UTF_8), port, preamble)));
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void run(List<String> script, int port, String preamble) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (preamble != null) {
                out.write(preamble.getBytes(StandardCharsets.US_ASCII));
            }
            int lineNo = 0;
            // set when the server closed while we were still sending (a line over the limit): what it
            // answered before closing is still to be read, and nothing more can be sent
            boolean peerClosed = false;
            java.util.Map<String, String> captured = new java.util.HashMap<>();
            for (String line : script) {
                lineNo++;
                String where = "line " + lineNo + ": " + line;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if ((line.startsWith("C: ") || line.equals("C:")) && peerClosed) {
                    continue;
                } else if (line.startsWith("C: ") || line.equals("C:")) {
                    String sent = line.length() > 3 ? line.substring(3) : "";
                    for (var v : captured.entrySet()) {
                        sent = sent.replace("$[" + v.getKey() + "]", v.getValue());
                    }
                    out.write(sent.getBytes(StandardCharsets.UTF_8));
                    out.write(new byte[] {'\r', '\n'});
                    out.flush();
                } else if (line.startsWith("C-BYTES: ")) {
                    String[] p = line.substring(9).split(" ", 2);
                    byte[] b = p[1].repeat(Integer.parseInt(p[0]) / p[1].length() + 1)
                            .substring(0, Integer.parseInt(p[0])).getBytes(StandardCharsets.UTF_8);
                    try {
                        out.write(b);
                        out.flush();
                    } catch (java.net.SocketException e) {
                        peerClosed = true;
                    }
                } else if (line.startsWith("S: ")) {
                    String got = readLine(in, where);
                    assertThat(got).as(where).matches(glob(line.substring(3)));
                } else if (line.startsWith("S~ ")) {
                    String got = readLine(in, where);
                    assertThat(got).as(where).matches(line.substring(3));
                    Matcher values = Pattern.compile(line.substring(3)).matcher(got);
                    values.matches();
                    Matcher names = GROUP_NAME.matcher(line.substring(3));
                    while (names.find()) {
                        captured.put(names.group(1), values.group(names.group(1)));
                    }
                } else if (line.equals("CLOSED")) {
                    expectClosed(in, where);
                } else {
                    fail("unknown transcript line " + where);
                }
            }
        }
    }

    static Pattern glob(String s) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(s);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(s.substring(last, m.start())));
            regex.append(m.group(1).equals("*") ? ".*" : "[0-9]+");
            last = m.end();
        }
        regex.append(Pattern.quote(s.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String readLine(InputStream in, String where) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    fail("connection closed, expected " + where + (line.size() > 0 ? " after " + line : ""));
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer for " + where + " (got so far: " + line + ")", e);
        }
    }

    private static void expectClosed(InputStream in, String where) throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                byte[] more = in.readNBytes(Math.min(in.available(), 200));
                fail("expected the connection closed at " + where + " but got " + (char) b
                        + new String(more, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketException e) {
            // reset: closed as well
        }
    }
}
