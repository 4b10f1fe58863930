package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** COMPRESS=DEFLATE (RFC 4978): raw DEFLATE both ways after the tagged OK, under TLS too. */
class CompressTest extends ImapServerTestBase {

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void afterCompressBothDirectionsAreDeflated() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", imapPort())) {
            socket.setSoTimeout(10_000);
            InputStream plainIn = socket.getInputStream();
            OutputStream plainOut = socket.getOutputStream();
            assertThat(readLine(plainIn)).startsWith("* OK");
            plainOut.write("l LOGIN compress@test.example pw\r\nc COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            plainOut.flush();
            assertThat(readLine(plainIn)).startsWith("l OK");
            assertThat(readLine(plainIn)).isEqualTo("c OK DEFLATE active");

            InputStream in = new InflaterInputStream(plainIn, new Inflater(true));
            OutputStream out = new DeflaterOutputStream(plainOut, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
            out.write("n CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String caps = readLine(in);
            assertThat(caps).startsWith("* CAPABILITY ").doesNotContain("COMPRESS=DEFLATE");
            assertThat(readLine(in)).isEqualTo("n OK CAPABILITY completed");
            out.write("d COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readLine(in)).isEqualTo("d NO [COMPRESSIONACTIVE] compression is already on");
        }
    }

    @Test
    void angusMailWorksOverCompressedTls() throws Exception {
        Properties props = new Properties();
        props.put("mail.imaps.ssl.trust", "*");
        props.put("mail.imaps.ssl.checkserveridentity", "false");
        props.put("mail.imaps.compress.enable", "true");
        props.put("mail.imaps.timeout", "5000");
        Session session = Session.getInstance(props);
        Store store = session.getStore("imaps");
        store.connect("127.0.0.1", imapsPort(), "compress-angus@test.example", "pw");
        try {
            Folder inbox = store.getFolder("INBOX");
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("a@example.com"));
            m.setSubject("compressed");
            m.setText("hello ".repeat(2000));
            inbox.appendMessages(new Message[] {m});
            inbox.open(Folder.READ_ONLY);
            Message got = inbox.getMessage(inbox.getMessageCount());
            assertThat(got.getSubject()).isEqualTo("compressed");
            assertThat(((String) got.getContent()).trim()).isEqualTo("hello ".repeat(2000).trim());
            inbox.close(false);
        } finally {
            store.close();
        }
    }
}
