package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.DkimVerifiers;

/**
 * Submission with AUTH on the shared platform to a domain hosted by a second platform
 * ({@link PeerPlatform}, its own process and backends): the shared platform's delivery processes
 * look up the domain's MX through the test's DNS server and relay to the peer's MX listener. A
 * user there finds the message in the peer's INBOX; an address the peer does not know gets the
 * peer's own {@code 550 5.1.1}, which comes back as a DSN in the sender's INBOX.
 *
 * <p>The peer runs only for this class: it costs one more JVM start, and no other test needs it.
 */
class RemotePlatformRelayIT {

    static final String PEER_DOMAIN = "peer.test";
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static PlatformProcesses platform;
    private static PeerPlatform peer;
    private static AdminApi peerAdmin;
    private static long started;

    @BeforeAll
    static void startThePeer() {
        Assumptions.assumeTrue(PeerPlatform.addressAvailable(),
                "the peer platform needs " + PeerPlatform.ADDRESS + " on the loopback interface");
        platform = PlatformProcesses.shared();
        started = System.nanoTime();
        peer = PeerPlatform.start(platform, PEER_DOMAIN);
        peerAdmin = AdminApi.login(peer.gatewayUrl(), "admin", peer.adminPassword());
        // Tenants' users live at <tenant>.test: tenant "peer" owns peer.test
        peerAdmin.tenant("peer");
        peerAdmin.domain(PEER_DOMAIN, "peer");
    }

    @AfterAll
    static void stopThePeer() {
        if (peer != null) {
            peer.close();
            // what this class adds to the module's wall time: the shared platform runs anyway
            platform.report("RemotePlatformRelayIT: peer start, tests and stop took "
                    + (System.nanoTime() - started) / 1_000_000 + " ms (load average " + PlatformProcesses.loadAverage() + ")");
        }
    }

    @Test
    void aSubmissionToAUserOfThePeerArrivesInItsInboxThroughTheRelay() throws Exception {
        Tenants.Account alice = sender("relay");
        Tenants.Account bob = Tenants.user(peerAdmin, "peer", "bob");
        String messageId = MailClients.newMessageId();

        MailClients.submit(platform.submissionPort(), alice.address(), alice.password(), alice.address(),
                bob.address(), "to the peer platform", messageId);

        Store imap = MailClients.store("imap", PeerPlatform.ADDRESS, peer.imapPort(), bob.address(), bob.password());
        try {
            Folder inbox = imap.getFolder("INBOX");
            await("message in the peer's INBOX").atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                    .until(() -> inbox.getMessageCount() == 1);
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            assertThat(message.getHeader("Message-ID")).containsExactly("<" + messageId + ">");
            List<String> received = List.of(message.getHeader("Received"));
            // newest first: the peer's MX took it from one of the shared platform's delivery
            // processes (their EHLO name) over STARTTLS (the relay's opportunistic TLS; the peer
            // has a certificate), which had it from the shared platform's submission
            assertThat(received).hasSizeGreaterThanOrEqualTo(2);
            assertThat(received.get(0)).containsPattern(Pattern.compile(
                    "^from delivery-[ab]\\.platform\\.test \\(unknown \\[127\\.0\\.0\\.\\d+]\\)\\s+by "
                            + Pattern.quote(peer.mxHostname()) + " \\(mail-platform\\) with ESMTPS id \\S+\\s+\\(using TLS"));
            assertThat(received.get(1)).containsPattern("by mx\\.platform\\.test \\(mail-platform\\) with ESMTPA ")
                    .contains("(authenticated sender: " + alice.address() + ")");
            inbox.close(false);
        } finally {
            imap.close();
        }
        assertThat(messageCount(alice, "INBOX")).as("no DSN for a delivered message").isZero();
    }

    @Test
    void mailFromADomainWithADkimKeyArrivesSignedAndVerifiesAtThePeer() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        Tenants.Account alice = Tenants.user(admin, Tenants.tenantWithDomain(admin, "dkim"), "alice");
        AdminApi.Answer key = admin.call("POST", "/api/admin/domains/" + alice.domain() + "/dkim", Map.of());
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        DkimVerifiers published = new DkimVerifiers(key.json().get("dnsName").asString(),
                key.json().get("dnsRecord").asString());
        Tenants.Account dora = Tenants.user(peerAdmin, "peer", "dora");
        String messageId = MailClients.newMessageId();

        MailClients.submit(platform.submissionPort(), alice.address(), alice.password(), alice.address(),
                dora.address(), "signed by the platform", messageId);

        Store imap = MailClients.store("imap", PeerPlatform.ADDRESS, peer.imapPort(), dora.address(), dora.password());
        try {
            Folder inbox = imap.getFolder("INBOX");
            await("message in the peer's INBOX").atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                    .until(() -> inbox.getMessageCount() == 1);
            inbox.open(Folder.READ_ONLY);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            inbox.getMessage(1).writeTo(raw);
            inbox.close(false);
            byte[] stored = raw.toByteArray();
            // what a receiving MTA checks: the peer added its trace fields above the signature
            assertThat(new String(stored, StandardCharsets.UTF_8))
                    .containsPattern("(?m)^DKIM-Signature: .*")
                    .contains("d=" + alice.domain() + ";");
            assertThat(published.verifyWithJdkim(stored)).hasSize(1);
            assertThat(published.verifyWithDkimpy(stored)).isTrue();
        } finally {
            imap.close();
        }
    }

    @Test
    void anAddressThePeerDoesNotKnowBringsItsOwn550BackAsADsnWhileTheOtherRecipientGetsTheMessage() throws Exception {
        Tenants.Account alice = sender("bounce");
        Tenants.Account carol = Tenants.user(peerAdmin, "peer", "carol");
        String unknown = "nobody@" + PEER_DOMAIN;
        String messageId = MailClients.newMessageId();

        // one transaction, two RCPTs at the peer: 250 for carol, 550 5.1.1 for nobody
        MailClients.submit(platform.submissionPort(), alice.address(), alice.password(), alice.address(),
                carol.address() + ", " + unknown, "to carol and nobody at the peer", messageId);

        String text = MailClients.awaitOnlyDsn(platform.imapPortA(), alice, DELIVERY);
        assertThat(text).containsPattern("(?i)Final-Recipient: ?rfc822; ?" + Pattern.quote(unknown))
                .contains("Action: failed")
                .contains("Status: 5.1.1")
                .containsPattern("(?i)Remote-MTA: ?dns; ?" + Pattern.quote(peer.mxHostname()))
                // the peer's own reply to RCPT, as its smtp-ingress words it
                .containsPattern("(?i)Diagnostic-Code: ?smtp; ?550 5\\.1\\.1 Recipient address rejected: user unknown")
                .contains(messageId)
                .doesNotContainPattern("(?i)Final-Recipient: ?rfc822; ?" + Pattern.quote(carol.address()));
        // the peer took the message for carol in the same transaction and delivers it on its own
        await("carol's INBOX on the peer").atMost(DELIVERY).pollInterval(Duration.ofMillis(500))
                .until(() -> !messageIds(carol).isEmpty());
        assertThat(messageIds(carol)).containsExactly("<" + messageId + ">");
    }

    private static Tenants.Account sender(String label) {
        AdminApi admin = AdminApi.platformAdmin(platform);
        return Tenants.user(admin, Tenants.tenantWithDomain(admin, label), "alice");
    }

    private static List<String> messageIds(Tenants.Account peerUser) throws Exception {
        Store imap = MailClients.store("imap", PeerPlatform.ADDRESS, peer.imapPort(), peerUser.address(),
                peerUser.password());
        try {
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> ids = new java.util.ArrayList<>();
            for (Message message : inbox.getMessages()) {
                ids.add(message.getHeader("Message-ID")[0]);
            }
            inbox.close(false);
            return ids;
        } finally {
            imap.close();
        }
    }

    private static int messageCount(Tenants.Account account, String folder) throws Exception {
        Store imap = MailClients.store("imap", platform.imapPortA(), account.address(), account.password());
        try {
            return imap.getFolder(folder).getMessageCount();
        } finally {
            imap.close();
        }
    }
}
