package org.mailplatform.pop3;

import org.mailplatform.pop3.config.Pop3Server;
import org.mailplatform.pop3.support.TestCertificate;
import org.mailplatform.pop3.support.KafkaTopics;
import org.mailplatform.pop3.support.TestDirectory;
import org.mailplatform.pop3.support.TestDirectoryConfiguration;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.teststack.TestStack;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * pop3-service against the real test stack (Kafka, MongoDB, S3), on free ports, with a TLS
 * certificate and the {@link TestDirectory}. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + Pop3ServiceApplication.NAME,
        "spring.mongodb.database=pop3-tests",
        "mail.s3.bucket=pop3-tests",
        "mail.s3.create-bucket=true",
        "mail.pop3.port=0",
        "mail.pop3.pop3s-port=0",
        "mail.pop3.lease-ttl=3s",
        "mail.pop3.max-bad-commands=6",
        "mail.pop3.commands-per-minute=" + Pop3ServiceTestBase.COMMANDS_PER_MINUTE})
@WithTestStack
@Import(TestDirectoryConfiguration.class)
public abstract class Pop3ServiceTestBase {

    /** Low enough that a test can spend it; a maildrop's own commands are allowed beyond it. */
    protected static final int COMMANDS_PER_MINUTE = 100;

    @Autowired
    protected Pop3Server server;
    @Autowired
    protected TestDirectory directory;
    @Autowired
    protected MailboxStore store;

    @DynamicPropertySource
    static void tls(DynamicPropertyRegistry registry) {
        KafkaTopics.ensure(TestStack.endpoints().kafkaBootstrapServers());
        registry.add("mail.tls.certificate", TestCertificate::certificatePath);
        registry.add("mail.tls.private-key", TestCertificate::privateKeyPath);
    }

    protected int port() {
        return server.port(Pop3Server.POP3).orElseThrow();
    }

    protected int pop3sPort() {
        return server.port(Pop3Server.POP3S).orElseThrow();
    }

    protected Users users() {
        return new Users(directory, store);
    }
}
