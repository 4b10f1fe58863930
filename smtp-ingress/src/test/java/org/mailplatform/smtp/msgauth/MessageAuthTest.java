package org.mailplatform.smtp.msgauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMSigner;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.server.SmtpServer;
import org.mailplatform.smtp.support.RawSmtp;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.DkimpySigner;
import org.mailplatform.teststack.StaticDnsResolver;
import org.mailplatform.teststack.WithTestStack;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/**
 * DKIM verification, DMARC and Authentication-Results on the MX listener of a real server (real
 * Kafka and S3), its DNS a zone in memory: what is queued (the record's verdict), what is refused,
 * what is counted. Mail is signed by jDKIM and by dkimpy, and sent by a raw client and by Angus
 * Mail. Only 127.0.0.8 is exempt.
 */
@WithTestStack
class MessageAuthTest {

    static final StaticDnsResolver DNS = new StaticDnsResolver();
    static SmtpFixture smtp;
    static KeyPair key;

    static final String BODY = "Date: Sat, 05 Dec 2026 10:00:00 +0000\r\nSubject: Quarterly report\r\n"
            + "Message-ID: <r1@example>\r\n\r\nNumbers attached.\r\n";

    @BeforeAll
    static void start(BackendEndpoints stack) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        key = rsa.generateKeyPair();
        dkimKey("s1._domainkey.signed.example.");
        dkimKey("s1._domainkey.news.example.");
        dkimKey("py._domainkey.indie.example.");
        dkimKey("s1._domainkey.early.example.");
        txt("_dmarc.early.example.", "v=DMARC1; p=reject");
        txt("_dmarc.signed.example.", "v=DMARC1; p=reject");
        txt("_dmarc.bank.example.", "v=DMARC1; p=reject; rua=mailto:dmarc@bank.example");
        txt("_dmarc.shop.example.", "v=DMARC1; p=quarantine");
        txt("_dmarc.news.example.", "v=DMARC1; p=none");
        txt("_dmarc.indie.example.", "v=DMARC1; p=reject; adkim=s");
        txt("_dmarc.pass.example.", "v=DMARC1; p=reject");
        txt("pass.example.", "v=spf1 ip4:127.0.0.0/8 -all");
        smtp = new SmtpFixture(stack, Map.of(
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms",
                "mail.smtp.message-auth.max-header-size", "16KB",
                "mail.smtp.message-auth.max-header-fields", "50"), DNS);
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    @Test
    void anAlignedSignaturePassesDkimAndDmarc() throws Exception {
        byte[] message = jdkimSigned("From: Ann <ann@signed.example>\r\nTo: alice@example.com\r\n" + BODY, "signed.example");
        assertThat(send("127.0.0.41", "bounces@elsewhere.example", message)).startsWith("250 ");
        InboundMessage.Verdict verdict = queuedVerdict();
        assertThat(verdict.fields()).startsWith("Authentication-Results: mx.test.example;\r\n\tspf=none smtp.mailfrom=bounces@elsewhere.example;\r\n")
                .contains("\tdkim=pass header.d=signed.example header.s=s1 header.b=")
                .endsWith("\tdmarc=pass (p=reject dis=none) header.from=signed.example\r\n");
        assertThat(verdict.junk()).isFalse();
        assertThat(count("mail.smtp.dkim", "result", "pass")).isPositive();
    }

    @Test
    void mailSignedByDkimpyAndSentByAngusVerifies() throws Exception {
        byte[] unsigned = ("From: Ivy <ivy@indie.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        byte[] signed = new DkimpySigner("py", "indie.example", key.getPrivate(), "relaxed/simple",
                "from:to:subject:date:message-id").sign(unsigned);
        Session session = Session.getInstance(smtp.mailProperties(SmtpServer.MX));
        session.getProperties().put("mail.smtp.localaddress", "127.0.0.42");
        MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(signed));
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(mime, new InternetAddress[] {new InternetAddress("alice@example.com")});
        }
        assertThat(queuedVerdict().fields()).contains("\tdkim=pass header.d=indie.example header.s=py ")
                .contains("\tdmarc=pass (p=reject dis=none) header.from=indie.example");
    }

    @Test
    void anUnauthenticatedMessageFromARejectDomainIsRefusedAtTheEndOfData() throws Exception {
        double before = count("mail.smtp.rejected", "reason", "dmarc");
        byte[] message = ("From: CEO <ceo@bank.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.43", "ceo@bank.example", message))
                .isEqualTo("550 5.7.26 Email from bank.example rejected per its DMARC policy");
        assertThat(smtp.records(1, Duration.ofSeconds(1))).isEmpty();
        assertThat(count("mail.smtp.rejected", "reason", "dmarc")).isEqualTo(before + 1);
        assertThat(count("mail.smtp.dmarc", "result", "fail", "action", "reject")).isPositive();
    }

    @Test
    void aRefusedMessageEndsItsTransactionSoTheNextOneCanStart() throws Exception {
        byte[] forged = ("From: CEO <ceo@bank.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), smtp.port(SmtpServer.MX),
                InetAddress.getByName("127.0.0.50"), 0)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            for (String command : List.of("HELO client.example", "MAIL FROM:<ceo@bank.example>", "RCPT TO:<alice@example.com>",
                    "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.readLine();
            }
            out.write(forged);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("550 5.7.26 ");
            out.write("MAIL FROM:<other@elsewhere.example>\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).as("a new transaction, not a nested one").startsWith("250 ");
        }
    }

    @Test
    void aSecondFromCannotHideAForgedOne() throws Exception {
        byte[] message = jdkimSigned("From: Ann <ann@signed.example>\r\nFrom: CEO <ceo@bank.example>\r\nTo: alice@example.com\r\n"
                + BODY, "signed.example");
        assertThat(send("127.0.0.44", "ann@signed.example", message)).startsWith("550 5.7.26 Email from bank.example");
    }

    @Test
    void aQuarantineFailureIsQueuedForTheJunkMailbox() throws Exception {
        byte[] message = ("From: Shop <offers@shop.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.45", "offers@shop.example", message)).startsWith("250 ");
        InboundMessage.Verdict verdict = queuedVerdict();
        assertThat(verdict.junk()).isTrue();
        assertThat(verdict.fields()).contains("\tdkim=none;\r\n")
                .contains("\tdmarc=fail (p=quarantine dis=quarantine) header.from=shop.example");
    }

    @Test
    void aTamperedMessageFailsDkimAndIsOnlyTaggedUnderPolicyNone() throws Exception {
        byte[] signed = jdkimSigned("From: News <news@news.example>\r\nTo: alice@example.com\r\n" + BODY, "news.example");
        byte[] tampered = new String(signed, StandardCharsets.US_ASCII).replace("Numbers attached.", "Click here now.")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.46", "news@news.example", tampered)).startsWith("250 ");
        InboundMessage.Verdict verdict = queuedVerdict();
        assertThat(verdict.fields()).contains("\tdkim=fail (body hash did not verify) header.d=news.example header.s=s1")
                .contains("\tdmarc=fail (p=none dis=none) header.from=news.example");
        assertThat(verdict.junk()).isFalse();
    }

    @Test
    void anAlignedSpfPassIsEnoughForDmarc() throws Exception {
        byte[] message = ("From: Pat <pat@pass.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.47", "pat@pass.example", message)).startsWith("250 ");
        assertThat(queuedVerdict().fields()).contains("\tspf=pass smtp.mailfrom=pat@pass.example;\r\n")
                .contains("\tdmarc=pass (p=reject dis=none) header.from=pass.example");
    }

    @Test
    void aHeaderLargerThanTheLimitIsRefused() throws Exception {
        String padding = ("X-Padding: " + "x".repeat(70) + "\r\n").repeat(300); // about 24 KB
        byte[] message = ("From: CEO <ceo@bank.example>\r\n" + padding + BODY).getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.48", "ceo@bank.example", message)).isEqualTo("552 5.3.4 Message header size exceeds limit");
        assertThat(count("mail.smtp.rejected", "reason", "header_too_large")).isPositive();
    }

    @Test
    void keysAndPoliciesAreAskedForWhileTheBodyIsStillArriving() throws Exception {
        byte[] message = jdkimSigned("From: Eve <eve@early.example>\r\nTo: alice@example.com\r\n" + BODY, "early.example");
        int split = new String(message, StandardCharsets.US_ASCII).indexOf("Numbers attached.");
        Name key = Name.fromString("s1._domainkey.early.example.");
        Name policy = Name.fromString("_dmarc.early.example.");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), smtp.port(SmtpServer.MX),
                InetAddress.getByName("127.0.0.49"), 0)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            for (String command : List.of("HELO client.example", "MAIL FROM:<eve@early.example>", "RCPT TO:<alice@example.com>",
                    "DATA")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).matches("[23]\\d\\d .*");
            }
            out.write(message, 0, split); // the header and the start of the body
            out.flush();
            // the questions go out now, not after the final dot
            await().atMost(Duration.ofSeconds(10)).until(() -> DNS.queriesFor(key) > 0 && DNS.queriesFor(policy) > 0);
            out.write(message, split, message.length - split);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
        }
        assertThat(queuedVerdict().fields()).contains("dkim=pass header.d=early.example")
                .contains("dmarc=pass (p=reject dis=none) header.from=early.example");
        assertThat(DNS.queriesFor(key)).as("asked once, the answer waited for at the end").isEqualTo(1);
    }

    @Test
    void aFromBeyondTheHeaderFieldLimitCannotEscapeDmarc() throws Exception {
        // small fields, well under max-header-size, but more than max-header-fields before From
        String many = "X-A: 1\r\n".repeat(60);
        byte[] message = (many + "From: CEO <ceo@bank.example>\r\nTo: alice@example.com\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.51", "ceo@bank.example", message)).isEqualTo("552 5.3.4 Too many header fields");
        assertThat(smtp.records(1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void anExemptClientIsNotChecked() throws Exception {
        byte[] message = ("From: CEO <ceo@bank.example>\r\nTo: alice@example.com\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.8", "ceo@bank.example", message)).startsWith("250 ");
        List<InboundMessage> queued = smtp.records(1, Duration.ofSeconds(10));
        assertThat(queued).singleElement().satisfies(m -> assertThat(m.verdict()).isNull());
    }

    @Test
    void theEd25519AndRsaSignaturesOfRfc8463VerifyOnTheMx() throws Exception {
        // RFC 8463 A.2's key records, A.3's message
        txt("brisbane._domainkey.football.example.com.", "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        txt("test._domainkey.football.example.com.", "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
                + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutAC"
                + "DfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3"
                + "Ip3G+2kryOTIKT+l/K4w3QIDAQAB");
        byte[] message;
        try (var in = MessageAuthTest.class.getResourceAsStream("/dkim/rfc8463-a3.eml")) {
            message = in.readAllBytes();
        }
        assertThat(send("127.0.0.53", "joe@football.example.com", message)).startsWith("250 ");
        assertThat(queuedVerdict().fields())
                .contains("\tdkim=pass header.d=football.example.com header.s=brisbane header.b=/gCrinpc;\r\n")
                .contains("\tdkim=pass header.d=football.example.com header.s=test header.b=F45dVWDf;\r\n");
        assertThat(count("mail.smtp.dkim", "result", "pass")).isPositive();
    }

    /** Three fields in front of a message: two claim this host (one in odd case with comments), one another server. */
    static final String FORGED_RESULTS = "Authentication-Results: mx.test.example; dkim=pass header.d=bank.example\r\n"
            + "Authentication-Results: (trust me)\r\n\tMX.Test.Example. 1; dmarc=pass header.from=bank.example\r\n"
            + "Authentication-Results: mx.other.example; spf=fail smtp.mailfrom=bank.example\r\n";

    @Test
    void resultsFieldsClaimingThisHostAreNotStoredWhileDkimStillSeesThem() throws Exception {
        String message = FORGED_RESULTS + "From: Ann <ann@signed.example>\r\nTo: alice@example.com\r\n" + BODY;
        // the signature covers the forged fields: the checks must see the message as it was sent
        DKIMSigner signer = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=signed.example; s=s1; "
                + "h=authentication-results:authentication-results:authentication-results:from:to:subject; bh=; b=;",
                key.getPrivate());
        String signature = signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))) + "\r\n";
        assertThat(send("127.0.0.52", "ann@signed.example", (signature + message).getBytes(StandardCharsets.US_ASCII)))
                .startsWith("250 ");
        InboundMessage queued = smtp.records(1, Duration.ofSeconds(10)).getFirst();
        assertThat(queued.verdict().fields()).contains("\tdkim=pass header.d=signed.example");
        String stored = new String(smtp.blob(queued.blobKey()), StandardCharsets.US_ASCII);
        assertThat(stored).endsWith(signature + "Authentication-Results: mx.other.example; spf=fail smtp.mailfrom=bank.example\r\n"
                + "From: Ann <ann@signed.example>\r\nTo: alice@example.com\r\n" + BODY);
        assertThat(queued.size()).isEqualTo(stored.length());
    }

    @Test
    void anExemptClientKeepsResultsFieldsInOurName() throws Exception {
        byte[] message = (FORGED_RESULTS + "From: Ann <ann@news.example>\r\nTo: alice@example.com\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(send("127.0.0.8", "ann@news.example", message)).startsWith("250 ");
        InboundMessage queued = smtp.records(1, Duration.ofSeconds(10)).getFirst();
        assertThat(new String(smtp.blob(queued.blobKey()), StandardCharsets.US_ASCII))
                .endsWith(new String(message, StandardCharsets.US_ASCII));
    }

    @Test
    void anAuthenticatedUserCannotSubmitResultsFieldsInOurName() throws Exception {
        byte[] message = (FORGED_RESULTS + "From: Alice <alice@example.com>\r\nTo: bob@example.com\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII);
        Session session = Session.getInstance(smtp.mailProperties(SmtpServer.SUBMISSION));
        session.getProperties().put("mail.smtp.auth", "true");
        MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
        try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
            transport.connect(TestDirectory.ALICE.address(), TestDirectory.ALICE_PASSWORD);
            transport.sendMessage(mime, new InternetAddress[] {new InternetAddress("bob@example.com")});
        }
        InboundMessage queued = smtp.records(1, Duration.ofSeconds(10)).getFirst();
        assertThat(queued.verdict()).as("no checks on submission").isNull();
        assertThat(new String(smtp.blob(queued.blobKey()), StandardCharsets.US_ASCII))
                .endsWith("\r\nAuthentication-Results: mx.other.example; spf=fail smtp.mailfrom=bank.example\r\n"
                        + "From: Alice <alice@example.com>\r\nTo: bob@example.com\r\n" + BODY)
                .doesNotContainIgnoringCase("Authentication-Results: mx.test.example")
                .doesNotContain("trust me");
    }

    private static String send(String client, String mailFrom, byte[] message) throws Exception {
        return RawSmtp.send(smtp.port(SmtpServer.MX), InetAddress.getByName(client), mailFrom, "alice@example.com", message);
    }

    private static InboundMessage.Verdict queuedVerdict() {
        List<InboundMessage> queued = smtp.records(1, Duration.ofSeconds(10));
        assertThat(queued).hasSize(1);
        assertThat(queued.getFirst().verdict()).isNotNull();
        return queued.getFirst().verdict();
    }

    private static byte[] jdkimSigned(String message, String domain) throws Exception {
        DKIMSigner signer = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain
                + "; s=s1; h=from:to:subject:date:message-id; bh=; b=;", key.getPrivate());
        String field = signer.sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        return (field + "\r\n" + message).getBytes(StandardCharsets.US_ASCII);
    }

    private static void dkimKey(String name) throws Exception {
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < record.length(); i += 255) {
            strings.add(record.substring(i, Math.min(record.length(), i + 255)));
        }
        DNS.add(new TXTRecord(Name.fromString(name), DClass.IN, 60, strings));
    }

    private static void txt(String name, String text) throws Exception {
        DNS.add(new TXTRecord(Name.fromString(name), DClass.IN, 60, List.of(text)));
    }

    private static double count(String meter, String... tags) {
        var counter = smtp.meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
