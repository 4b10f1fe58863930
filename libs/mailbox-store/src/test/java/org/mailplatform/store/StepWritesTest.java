package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.WithTestStack;

/**
 * The writes of an append or a copy before its watermark move are steps: on a single server they
 * ask for {@code j: false} and the watermark move, the promise, keeps the connection's write
 * concern; on a replica set every write keeps it (see StepWrites).
 */
@WithTestStack
class StepWritesTest extends OneStoreTest {

    /** A write command as sent: its name, collection and whether it asked for {@code j: false}. */
    record Write(String command, String collection, boolean unjournaled, BsonDocument body) {
    }

    private final List<Write> writes = new CopyOnWriteArrayList<>();

    private final CommandListener listener = new CommandListener() {
        @Override
        public void commandStarted(CommandStartedEvent event) {
            String name = event.getCommandName();
            if (List.of("insert", "update", "findAndModify", "delete").contains(name)) {
                BsonDocument body = event.getCommand();
                boolean unjournaled = body.isDocument("writeConcern")
                        && body.getDocument("writeConcern").isBoolean("j")
                        && !body.getDocument("writeConcern").getBoolean("j").getValue();
                writes.add(new Write(name, body.getString(name).getValue(), unjournaled, body.clone()));
            }
        }
    };

    private boolean singleServer() {
        return !mongo.executeCommand(new org.bson.Document("isMaster", 1)).containsKey("setName");
    }

    /** The watermark move: the update of a mailbox that sets {@code visibleUidNext}. */
    private static boolean watermarkMove(Write w) {
        return w.command().equals("update") && w.collection().equals("mailboxes")
                && w.body().toJson().contains("visibleUidNext");
    }

    @Test
    void anAppendsStepsAskForNoJournalOnASingleServerAndItsWatermarkMoveKeepsTheDefault() {
        MongoMailboxStore observed = fixture.newStore(fixture.template(listener), MailboxStoreProperties.defaults(),
                QuotaPolicy.fixed(1_000_000, 0));
        Principal p = StoreFixture.newUser(observed);
        writes.clear();

        observed.append(p, "INBOX", MailboxStoreContract.message("steps", "body", Set.of(), "inbound-1/" + p.userId()));

        assertStepsThenADurableWatermarkMove("append");
    }

    @Test
    void aCopysStepsAskForNoJournalOnASingleServerAndItsWatermarkMoveKeepsTheDefault() {
        MongoMailboxStore observed = fixture.newStore(fixture.template(listener), MailboxStoreProperties.defaults(),
                QuotaPolicy.fixed(1_000_000, 0));
        Principal p = StoreFixture.newUser(observed);
        observed.append(p, "INBOX", MailboxStoreContract.message("one", "x"));
        observed.append(p, "INBOX", MailboxStoreContract.message("two", "x"));
        writes.clear();

        observed.copy(p, "INBOX", MessageRange.all(), "Archive");

        assertStepsThenADurableWatermarkMove("copy");
    }

    /**
     * The operation's writes (the shared body cache's aside, written off-thread): quota, UID
     * allocation and documents, asking for j:false on a single server, then the watermark move
     * without it.
     */
    private void assertStepsThenADurableWatermarkMove(String operation) {
        List<Write> own = writes.stream().filter(w -> !w.collection().equals("body_cache")).toList();
        Write last = own.getLast();
        assertThat(watermarkMove(last)).as("the %s's last write is its watermark move: %s", operation, writes).isTrue();
        assertThat(last.unjournaled()).isFalse();
        List<Write> steps = own.subList(0, own.size() - 1);
        assertThat(steps).extracting(Write::collection).contains("quotas", "mailboxes", "messages");
        assertThat(steps).allSatisfy(w -> assertThat(w.unjournaled())
                .as("%s %s asks for j:false", w.command(), w.collection()).isEqualTo(singleServer()));
    }

    @Test
    void otherWritesKeepTheConnectionsWriteConcern() {
        MongoMailboxStore observed = fixture.newStore(fixture.template(listener), MailboxStoreProperties.defaults(),
                QuotaPolicy.fixed(0, 0));
        Principal p = StoreFixture.newUser(observed);
        observed.append(p, "INBOX", MailboxStoreContract.message("flagged", "x"));
        writes.clear();

        observed.updateFlags(p, "INBOX", MessageRange.all(), FlagOperation.ADD, Set.of("\\Deleted"), null);
        observed.expunge(p, "INBOX", null);

        // but the shared body cache's (a lost copy is a miss: the blob answers)
        assertThat(writes.stream().filter(w -> !w.collection().equals("body_cache"))).isNotEmpty()
                .noneMatch(Write::unjournaled);
        assertThat(writes.stream().filter(w -> w.collection().equals("body_cache")))
                .allMatch(Write::unjournaled);
    }
}
