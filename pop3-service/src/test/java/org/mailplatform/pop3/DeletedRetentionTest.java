package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.mailplatform.pop3.maildrop.DeletedRetention;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropStore;
import org.mailplatform.pop3.support.Users;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Operator policy: POP3-deleted messages wait in Trash for the retention period, then go. */
class DeletedRetentionTest extends Pop3ServiceTestBase {

    @Autowired
    MongoTemplate mongo;

    @Test
    void deletedMessagesMoveToTrashAndAreSweptWhenTheirTimeIsUp() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n", "Subject: b\r\n\r\ny\r\n");
        DeletedRetention retention = new DeletedRetention(mongo, store, Duration.ofMillis(300), Clock.systemUTC());
        MaildropStore maildrops = new MaildropStore(store, retention);

        Maildrop maildrop = maildrops.open(user.principal());
        maildrop.markDeleted(1);
        assertThat(maildrops.remove(user.principal(), maildrop.toRemove(false))).isEqualTo(1);

        assertThat(store.uids(user.principal(), "INBOX")).containsExactly(user.messages().get(1).uid());
        assertThat(store.uids(user.principal(), "Trash")).hasSize(1);
        assertThat(retention.sweep()).as("nothing is due yet").isZero();
        // due once the 300 ms retention has passed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> retention.sweep() >= 1);
        assertThat(store.uids(user.principal(), "Trash")).isEmpty();
    }

    @Test
    void withoutRetentionDeletedMessagesAreExpungedAtOnce() {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        MaildropStore maildrops = new MaildropStore(store, null);
        Maildrop maildrop = maildrops.open(user.principal());
        maildrop.markDeleted(1);
        maildrops.remove(user.principal(), maildrop.toRemove(false));
        assertThat(store.uids(user.principal(), "INBOX")).isEmpty();
        assertThat(store.uids(user.principal(), "Trash")).isEmpty();
    }
}
