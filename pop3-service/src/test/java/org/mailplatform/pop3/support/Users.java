package org.mailplatform.pop3.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.MailboxStore;

/** Makes test users with a known maildrop, through the real store. */
public final class Users {

    /** The password of every test user. */
    public static final String PASSWORD = "s3cret pass";

    private final TestDirectory directory;
    private final MailboxStore store;

    public Users(TestDirectory directory, MailboxStore store) {
        this.directory = directory;
        this.store = store;
    }

    /** A user registered in the directory, with the default mailboxes and these messages in the INBOX. */
    public TestUser create(String... messages) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal principal = new Principal("tenant-" + id.charAt(0), "user-" + id, "u" + id + "@example.org");
        directory.register(principal, PASSWORD);
        store.ensureDefaultMailboxes(principal);
        List<AppendResult> appended = new ArrayList<>();
        for (String m : messages) {
            appended.add(append(principal, m));
        }
        return new TestUser(principal, appended);
    }

    public AppendResult append(Principal principal, String message) {
        return store.append(principal, "INBOX",
                AppendRequest.of(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))));
    }

    /** A test user and what was appended for it, in order. */
    public record TestUser(Principal principal, List<AppendResult> messages) {
        public String login() {
            return principal.address();
        }
    }
}
