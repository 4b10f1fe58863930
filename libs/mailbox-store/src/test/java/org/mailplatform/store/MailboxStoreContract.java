package org.mailplatform.store;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What every {@link MailboxStore} backend must do, in three parts: {@link MailboxesContract},
 * {@link MessagesContract} and {@link IsolationContract}. Each test works on users of its own.
 */
public interface MailboxStoreContract extends MailboxesContract, MessagesContract, IsolationContract {

    static AppendRequest message(String subject, String body) {
        return message(subject, body, Set.of(), null);
    }

    static AppendRequest message(String subject, String body, Set<String> flags, String key) {
        String raw = "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.com>\r\n\r\n" + body + "\r\n";
        return new AppendRequest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), flags,
                Instant.parse("2026-11-01T10:00:00Z"), key);
    }
}
