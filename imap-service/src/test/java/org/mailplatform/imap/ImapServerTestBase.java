package org.mailplatform.imap;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.mailplatform.imap.changes.ChangeFeed;
import org.mailplatform.imap.config.ImapServer;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running imap-service on the test stack (MongoDB, S3, Kafka) with an in-memory directory and a
 * self-signed certificate; one context shared by the test classes.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.config.name=" + ImapServiceApplication.NAME,
        "spring.mongodb.database=imap_test", "mail.s3.bucket=imap-test", "mail.imap.idle-safety-poll=0", "mail.imap.max-connections-per-user=8", "mail.store.quota-bytes=100MB", "mail.store.quota-messages=10000",
        "mail.imap.port=0", "mail.imap.imaps-port=0", "mail.imap.max-line-length=8192",
        "mail.imap.max-literal-size=4096", "mail.imap.append-limit=1048576", "mail.imap.managesieve-port=0",
        "mail.store.sieve.max-script-size=2KB", "mail.store.sieve.max-scripts=3", "mail.store.sieve.max-name-length=40", "mail.imap.managesieve-max-bad-commands=8"})
@Import(ImapTestConfiguration.class)
public abstract class ImapServerTestBase {

    @Autowired
    protected ImapServer server;

    @Autowired
    protected InMemoryDirectory directory;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        ChangeTopic.ensure();
        for (String p : ImapTestConfiguration.TLS_PROPERTIES) {
            String[] kv = p.split("=", 2);
            registry.add(kv[0], () -> kv[1]);
        }
    }

    @Autowired
    protected ChangeFeed changeFeed;

    /** Waits until this node reads {@code mailbox.changes}, so that no later change is missed. */
    protected void awaitChangeFeed() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(changeFeed::ready);
    }

    @Autowired
    protected org.mailplatform.imap.managesieve.ManageSieveServer manageSieveServer;

    protected int manageSievePort() {
        return manageSieveServer.port();
    }

    protected int imapPort() {
        return server.port("imap");
    }

    protected int imapsPort() {
        return server.port("imaps");
    }
}
