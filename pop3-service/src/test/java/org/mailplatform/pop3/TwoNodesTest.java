package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.config.Pop3Server;
import org.mailplatform.pop3.lease.MaildropLeases;
import org.mailplatform.pop3.support.Pop3Connection;
import org.mailplatform.pop3.support.TestDirectory;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.teststack.StackProperties;
import org.mailplatform.teststack.TestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two pop3-service instances over the same MongoDB and S3, as two nodes of a cluster: one maildrop
 * has one session at a time across both (RFC 1939 section 8 lock, ADR 0700).
 */
class TwoNodesTest extends Pop3ServiceTestBase {

    private static ConfigurableApplicationContext second;

    @Autowired
    MongoTemplate mongo;

    private Instant leaseExpiry(Principal principal) {
        Document lease = mongo.findById(MaildropLeases.maildropOf(principal), Document.class, "pop3_leases");
        assertThat(lease).as("lease of " + principal).isNotNull();
        return lease.get("expiresAt", Date.class).toInstant();
    }

    private int secondPort() {
        if (second == null) {
            TestDirectory sharedDirectory = directory;
            Map<String, Object> props = new LinkedHashMap<>(StackProperties.of(TestStack.endpoints()));
            props.put("spring.mongodb.database", "pop3-tests");
            props.put("mail.s3.bucket", "pop3-tests");
            props.put("server.port", "0");
            props.put("mail.pop3.port", "0");
            props.put("mail.pop3.pop3s-port", "-1");
            props.put("mail.pop3.lease-ttl", "3s");
            // as command-line arguments: they must win over pop3-service.yml, as they do in a deployment
            String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            second = Pop3ServiceApplication.builder()
                    .initializers(ctx -> ctx.getBeanFactory().registerSingleton("testDirectory", sharedDirectory))
                    .run(args);
        }
        return second.getBean(Pop3Server.class).port(Pop3Server.POP3).orElseThrow();
    }

    @AfterAll
    static void stopSecondNode() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void secondLoginOnAnotherNodeGetsInUseUntilTheFirstQuits() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        try (Pop3Connection a = new Pop3Connection("127.0.0.1", port());
             Pop3Connection b = new Pop3Connection("127.0.0.1", secondPort())) {
            assertThat(a.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");
            assertThat(b.login(user.login(), Users.PASSWORD)).startsWith("-ERR [IN-USE]");
            assertThat(a.command("QUIT")).startsWith("+OK");
            assertThat(b.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");
        }
    }

    @Test
    void aLongSessionKeepsItsLockBeyondTheLeaseLifetime() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        try (Pop3Connection a = new Pop3Connection("127.0.0.1", port())) {
            assertThat(a.login(user.login(), Users.PASSWORD)).startsWith("+OK");
            // lease-ttl is 3s: wait until the lease taken at login has lapsed, so only renewals hold it
            Instant firstExpiry = leaseExpiry(user.principal());
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    Instant.now().isAfter(firstExpiry.plusMillis(500)) && leaseExpiry(user.principal()).isAfter(firstExpiry));
            try (Pop3Connection b = new Pop3Connection("127.0.0.1", secondPort())) {
                assertThat(b.login(user.login(), Users.PASSWORD)).startsWith("-ERR [IN-USE]");
            }
            assertThat(a.command("DELE 1")).startsWith("+OK");
            assertThat(a.command("QUIT")).startsWith("+OK Bye (1 messages deleted)");
        }
        assertThat(store.uids(user.principal(), "INBOX")).isEmpty();
    }

    @Test
    void aDroppedSessionFreesTheMaildropForTheOtherNode() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        Pop3Connection a = new Pop3Connection("127.0.0.1", port());
        assertThat(a.login(user.login(), Users.PASSWORD)).startsWith("+OK");
        assertThat(a.command("DELE 1")).startsWith("+OK");
        a.drop();
        try (Pop3Connection b = new Pop3Connection("127.0.0.1", secondPort())) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> b.login(user.login(), Users.PASSWORD).startsWith("+OK maildrop has 1 messages"));
        }
    }
}
