package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.DkimpySigner;

/**
 * DKIM, DMARC and Authentication-Results on the MX listener, end to end: an outside MTA (a client on
 * {@value #CLIENT}, which smtp-ingress does not exempt; 127.0.0.1 is) sends to a platform user, the
 * senders' DKIM key and DMARC policies come from the test's DNS server, and the user reads the result
 * with Python's imaplib: a message dkimpy signed lands in the INBOX with {@code dkim=pass} and
 * {@code dmarc=pass} in the Authentication-Results field below Return-Path and Delivered-To; an
 * unsigned one from a {@code p=quarantine} domain lands in Junk; one from a {@code p=reject} domain is
 * refused at the end of DATA ({@code 550 5.7.26}) and never delivered.
 */
class MessageAuthenticationIT {

    static final String CLIENT = "127.0.0.50";
    private static final String SELECTOR = "st";
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static PlatformProcesses platform;
    private static KeyPair key;
    private static Path reader;
    private Tenants.Account carol;

    @BeforeAll
    static void publishTheSendersRecords() throws Exception {
        assumeTrue(addressAvailable(), "the outside MTA needs " + CLIENT + " on the loopback interface");
        assumeTrue(CommandLine.installed("python3"), "python3 is not installed");
        platform = PlatformProcesses.shared();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = generator.generateKeyPair();
        // about 410 characters: more than one character-string holds (255), so the record has several
        String dkimRecord = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
        platform.dns()
                .txt(SELECTOR + "._domainkey.signed.test", strings(dkimRecord))
                .txt("_dmarc.signed.test", "v=DMARC1; p=reject")
                .txt("_dmarc.shop.test", "v=DMARC1; p=quarantine")
                .txt("_dmarc.bank.test", "v=DMARC1; p=reject");
        reader = Files.createTempFile("read_mailbox_with_imaplib", ".py");
        try (var in = MessageAuthenticationIT.class.getResourceAsStream("/clients/read_mailbox_with_imaplib.py")) {
            Files.write(reader, in.readAllBytes());
        }
    }

    @AfterAll
    static void removeTheReader() throws IOException {
        if (reader != null) {
            Files.deleteIfExists(reader);
        }
    }

    @BeforeEach
    void user() {
        AdminApi admin = AdminApi.platformAdmin(platform);
        carol = Tenants.user(admin, Tenants.tenantWithDomain(admin, "msgauth"), "carol");
    }

    @Test
    void aMessageSignedForItsFromDomainPassesDkimAndDmarcAndLandsInTheInbox() throws Exception {
        String messageId = MailClients.newMessageId();
        byte[] signed = new DkimpySigner(SELECTOR, "signed.test", key.getPrivate(), "relaxed/simple",
                "from:to:subject:date:message-id").sign(message("alice@signed.test", messageId));

        String reply = MailClients.sendMxFrom(platform.smtpPort(), CLIENT, "alice@signed.test", carol.address(), signed);

        assertThat(reply).startsWith("250 ");
        String read = awaitIn("INBOX", messageId);
        assertThat(read).containsPattern(Pattern.compile("\\Acount 1\r\n"
                + "Return-Path: <alice@signed\\.test>\r\n"
                + "Delivered-To: " + Pattern.quote(carol.address()) + "\r\n"
                + "Authentication-Results: mx\\.platform\\.test;\r\n"
                + "\tspf=none [^\r\n]*;\r\n"
                + "\tdkim=pass[^\r\n]* header\\.d=signed\\.test[^\r\n]*;\r\n"
                + "\tdmarc=pass \\(p=reject dis=none\\) header\\.from=signed\\.test\r\n"
                + "Received-SPF: "));
        assertThat(count("Junk", messageId)).isZero();
    }

    @Test
    void anUnsignedMessageFromAQuarantineDomainLandsInJunk() throws Exception {
        String messageId = MailClients.newMessageId();

        String reply = MailClients.sendMxFrom(platform.smtpPort(), CLIENT, "x@shop.test", carol.address(),
                message("x@shop.test", messageId));

        assertThat(reply).startsWith("250 ");
        String read = awaitIn("Junk", messageId);
        assertThat(read).startsWith("count 1\r\n")
                .containsPattern("\r\nAuthentication-Results: mx\\.platform\\.test;\r\n\tspf=none [^\r\n]*;\r\n\tdkim=none;\r\n"
                        + "\tdmarc=fail \\(p=quarantine dis=quarantine\\) header\\.from=shop\\.test\r\n");
        assertThat(count("INBOX", messageId)).as("not in the INBOX").isZero();
    }

    @Test
    void anUnsignedMessageFromARejectDomainIsRefusedAndNotDelivered() throws Exception {
        String messageId = MailClients.newMessageId();

        assertThatThrownBy(() -> MailClients.sendMxFrom(platform.smtpPort(), CLIENT, "ceo@bank.test", carol.address(),
                message("ceo@bank.test", messageId)))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(550);
                    assertThat(e.getMessage()).contains("550 5.7.26 Email from bank.test rejected per its DMARC policy");
                });

        // nothing to wait for, so wait for something else: a message sent after it from 127.0.0.1
        // (exempt, accepted as it is) takes the same way through the queue (keyed by message id, so
        // maybe another partition: not a proof of absence, but a queued copy would be seconds behind)
        String after = MailClients.newMessageId();
        MailClients.sendMx(platform.smtpPort(), "ceo@bank.test", carol.address(), "after the refused one", after);
        assertThat(awaitIn("INBOX", after)).startsWith("count 1\r\n");
        assertThat(count("INBOX", messageId)).isEqualTo(1);
        assertThat(count("Junk", messageId)).isZero();
    }

    /** A plain message from {@code from} to carol, CRLF line ends, as an outside MTA relays it. */
    private byte[] message(String from, String messageId) {
        return ("From: " + from + "\r\n"
                + "To: " + carol.address() + "\r\n"
                + "Subject: message authentication " + messageId + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "Message-ID: <" + messageId + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "system test message " + messageId + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Waits until imaplib finds the message in carol's {@code mailbox}; returns what it printed. */
    private String awaitIn(String mailbox, String messageId) {
        AtomicReference<CommandLine.Result> last = new AtomicReference<>();
        await("message in " + mailbox).atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last.set(read(mailbox, messageId));
                    return last.get().exitCode() == 0;
                });
        return last.get().output();
    }

    /** How many messages carol's {@code mailbox} holds, checked to be a complete answer of imaplib. */
    private int count(String mailbox, String messageId) {
        CommandLine.Result result = read(mailbox, messageId);
        assertThat(result.exitCode()).as(result.output()).isIn(0, 2);
        return Integer.parseInt(result.output().lines().findFirst().orElseThrow().substring("count ".length()).strip());
    }

    private CommandLine.Result read(String mailbox, String messageId) {
        return CommandLine.run(List.of("python3", reader.toString(), String.valueOf(platform.imapPortA()),
                carol.address(), carol.password(), mailbox, "<" + messageId + ">"));
    }

    /** {@code value} as character-strings of at most 255 octets, in order (RFC 6376 3.6.2.2 joins them). */
    private static String[] strings(String value) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add(value.substring(i, Math.min(value.length(), i + 255)));
        }
        return parts.toArray(String[]::new);
    }

    private static boolean addressAvailable() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(CLIENT), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
