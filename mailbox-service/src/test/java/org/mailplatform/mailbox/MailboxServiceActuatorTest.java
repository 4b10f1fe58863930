package org.mailplatform.mailbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.teststack.ServiceActuatorTest;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-actuator",
                "spring.mongodb.database=mailbox_actuator"})
class MailboxServiceActuatorTest extends ServiceActuatorTest {

    @Autowired
    MailboxStore store;

    /** A new user's mailboxes and one appended message, through the service's store. */
    @Override
    public void exerciseForMetrics() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal user = new Principal("tenant-" + id, "user-" + id, id + "@example.com");
        store.ensureDefaultMailboxes(user);
        byte[] raw = "Subject: metrics\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        store.append(user, "INBOX", new AppendRequest(new ByteArrayInputStream(raw), Set.of(), Instant.now(), null));
    }
}
