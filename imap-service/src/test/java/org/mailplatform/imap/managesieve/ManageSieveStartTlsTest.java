package org.mailplatform.imap.managesieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.mailplatform.imap.ImapServerTestBase;

/**
 * STARTTLS with commands pipelined after it in plaintext (the CVE-2011-0411 class of injection): they
 * are discarded, never run as if they had come over TLS; the session after the handshake starts
 * unauthenticated, with the capabilities re-issued (RFC 5804 section 2.2).
 */
class ManageSieveStartTlsTest extends ImapServerTestBase {

    /** "\0sieve-e@test.example\0pw", a user of the test directory. */
    private static final String PLAIN = "AHNpZXZlLWVAdGVzdC5leGFtcGxlAHB3";

    @Test
    void plaintextPipelinedAfterStartTlsIsDiscarded() throws Exception {
        try (Socket plain = new Socket("127.0.0.1", manageSievePort())) {
            plain.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.UTF_8));
            untilOk(in);
            OutputStream out = plain.getOutputStream();
            out.write(("STARTTLS\r\nAUTHENTICATE \"PLAIN\" \"" + PLAIN + "\"\r\nPUTSCRIPT \"injected\" \"keep;\"\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("OK");

            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            try (SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(plain, "localhost",
                    plain.getPort(), true)) {
                tls.startHandshake();
                BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                assertThat(untilOk(tin)).as("capabilities re-issued").contains("\"SASL\" \"PLAIN\"")
                        .doesNotContain("\"STARTTLS\"").endsWith("OK \"TLS negotiation successful\"");
                OutputStream tout = tls.getOutputStream();
                tout.write("LISTSCRIPTS\r\n".getBytes(StandardCharsets.US_ASCII));
                tout.flush();
                assertThat(tin.readLine()).as("the pipelined AUTHENTICATE was not run").isEqualTo("NO \"Authenticate first\"");
                tout.write(("AUTHENTICATE \"PLAIN\" \"" + PLAIN + "\"\r\nLISTSCRIPTS\r\nLOGOUT\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                tout.flush();
                assertThat(tin.readLine()).isEqualTo("OK \"Logged in\"");
                assertThat(untilOk(tin)).as("nor the pipelined PUTSCRIPT").doesNotContain("injected");
                assertThat(tin.readLine()).startsWith("OK \"Logout");
            }
        }
    }

    /** The lines up to and including the next one starting with OK. */
    private static String untilOk(BufferedReader in) throws Exception {
        StringBuilder lines = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            lines.append(line);
            if (line.startsWith("OK")) {
                return lines.toString();
            }
            lines.append('\n');
        }
        throw new AssertionError("connection closed after: " + lines);
    }
}
