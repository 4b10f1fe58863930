package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * Submission with AUTH to a remote address: a delivery-service process looks up the remote domain's
 * MX (the test's DNS server), relays to it over SMTP and, when it answers 5xx, puts a DSN into the
 * sender's INBOX. The remote is this platform's own MX listener, which does not host
 * {@value PlatformProcesses#REMOTE_DOMAIN} and refuses to relay ({@code 550 5.7.1}): the refusal a
 * platform gives for a domain it does not host, with no second platform needed.
 * {@link RemotePlatformRelayIT} relays to a second platform that does host the domain.
 */
class OutboundDsnIT {

    private final PlatformProcesses platform = PlatformProcesses.shared();

    @Test
    void aPermanentRefusalByTheRemoteMxBringsADsnToTheSendersInbox() throws Exception {
        AdminApi admin = AdminApi.platformAdmin(platform);
        Tenants.Account alice = Tenants.user(admin, Tenants.tenantWithDomain(admin, "outbound"), "alice");
        String messageId = MailClients.newMessageId();
        String remote = "nobody@" + PlatformProcesses.REMOTE_DOMAIN;

        MailClients.submit(platform.submissionPort(), alice.address(), alice.password(), alice.address(), remote,
                "to the remote domain", messageId);

        String text = MailClients.awaitOnlyDsn(platform.imapPortA(), alice, Duration.ofSeconds(90));
        assertThat(text).containsPattern("(?i)Final-Recipient: ?rfc822; ?" + java.util.regex.Pattern.quote(remote))
                .contains("Action: failed")
                .containsPattern("Status: 5\\.\\d+\\.\\d+")
                .containsPattern("(?i)Remote-MTA: ?dns;")
                .contains(messageId);
    }
}
