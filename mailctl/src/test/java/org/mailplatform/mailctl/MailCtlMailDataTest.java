package org.mailplatform.mailctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.auth.AuthServiceApplication;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.mailbox.MailboxServiceApplication;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.model.Topics;
import org.mailplatform.teststack.TopicTail;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * The mailctl commands that reach mailbox-service, against a running auth-service and
 * mailbox-service (on the test-stack MongoDB, S3 and Kafka) behind one URL, as through the gateway:
 * {@code user remove} (the mail goes first, and the account only once it is gone), {@code quota
 * recalc}, and ending a user's sessions ({@code user kick}, and after {@code suspend}, {@code remove},
 * {@code passwd --kick}) through an event read back from the real {@code mailbox.changes} topic; and a
 * user's Sieve scripts ({@code sieve ...}), which {@code user remove} deletes with the mail.
 */
@WithTestStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailCtlMailDataTest {

    static final String ADMIN_PASSWORD = "mailctl-remove-pass";

    ConfigurableApplicationContext authService;
    ConfigurableApplicationContext mailboxService;
    AdminPathRouter router;
    AdminPathRouter routerWithoutMailbox;
    MailboxStore store;
    String kafka;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return AdminClient.JSON.readTree(out);
        }
    }

    @BeforeAll
    void start(BackendEndpoints backends) throws Exception {
        kafka = backends.kafkaBootstrapServers();
        authService = AuthServiceApplication.builder().run("--server.port=0",
                "--spring.mongodb.uri=" + backends.mongoUri(), "--spring.mongodb.database=mailctl_remove_test",
                "--mail.auth.admin-password=" + ADMIN_PASSWORD, "--mail.auth.password.argon2-memory-kib=1024");
        String auth = "http://127.0.0.1:" + ((WebServerApplicationContext) authService).getWebServer().getPort();
        mailboxService = MailboxServiceApplication.builder().run("--server.port=0",
                "--spring.mongodb.uri=" + backends.mongoUri(), "--spring.mongodb.database=mailctl_remove_mail",
                "--spring.kafka.bootstrap-servers=" + backends.kafkaBootstrapServers(),
                "--mail.s3.endpoint=" + backends.s3().url(), "--mail.s3.access-key=" + backends.s3().accessKey(),
                "--mail.s3.secret-key=" + backends.s3().secretKey(), "--mail.s3.region=" + backends.s3().region(),
                "--mail.s3.bucket=mailctl-remove", "--mail.s3.create-bucket=true",
                "--mail.mailbox.gc.enabled=false", "--mail.mailbox.retention.enabled=false",
                "--mail.mailbox.expunged.enabled=false", "--mail.mailbox.jwt.jwks-uri=" + auth + "/api/admin/jwks");
        String mailbox = "http://127.0.0.1:" + ((WebServerApplicationContext) mailboxService).getWebServer().getPort();
        store = mailboxService.getBean(MailboxStore.class);
        router = new AdminPathRouter(auth, auth, mailbox);
        routerWithoutMailbox = new AdminPathRouter(auth, auth, "http://127.0.0.1:1");
        assertThat(mailctl(router, "domain", "add", "remove.test").exit()).isZero();
    }

    @AfterAll
    void stop() {
        routerWithoutMailbox.close();
        router.close();
        mailboxService.close();
        authService.close();
    }

    /** Adds the user; returns its mailbox principal. */
    Principal user(String address) {
        Run add = mailctl(router, "user", "add", address, "--password", "S3cret-pass", "-o", "json");
        assertThat(add.exit()).as(add.err()).isZero();
        return new Principal(add.json().get("tenant").asString(), add.json().get("id").asString(), address);
    }

    /** Adds the user and gives it two messages in INBOX; returns its mailbox principal. */
    Principal userWithMail(String address) {
        Principal p = user(address);
        store.ensureDefaultMailboxes(p);
        for (String subject : new String[] {"one", "two"}) {
            byte[] raw = ("Subject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
            store.append(p, "INBOX", new AppendRequest(new ByteArrayInputStream(raw), Set.of(), Instant.now(), null));
        }
        return p;
    }

    boolean listed(String address) {
        return mailctl(router, "user", "list", "-o", "json").json().findValuesAsString("address").contains(address);
    }

    String state(String address) {
        for (JsonNode u : mailctl(router, "user", "list", "-o", "json").json()) {
            if (u.path("address").asString().equals(address)) {
                return u.path("state").asString();
            }
        }
        return null;
    }

    /** The user's SESSIONS_REVOKED event, once it is on {@code mailbox.changes}. */
    static JsonNode revoked(TopicTail topic, Principal p) {
        // the user's own mailbox events, published as they were made, may come first
        JsonNode event = AdminClient.JSON.readTree(topic.await(value -> {
            JsonNode read = AdminClient.JSON.readTree(value);
            return read.path("userId").asString().equals(p.userId())
                    && read.path("kind").asString().equals("SESSIONS_REVOKED");
        }));
        assertThat(event.path("kind").asString()).isEqualTo("SESSIONS_REVOKED");
        assertThat(event.path("tenantId").asString()).isEqualTo(p.tenantId());
        return event;
    }

    @Test
    void removeDeletesTheMailFirstAndThenTheAccount() {
        Principal alice = userWithMail("alice@remove.test");
        Principal bob = userWithMail("bob@remove.test");

        Run remove;
        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            remove = mailctl(router, "user", "delete", "alice@remove.test");
            revoked(topic, alice);
        }

        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(remove.err()).isEmpty();
        assertThat(remove.out()).contains("removed user alice@remove.test and its mail", "2 messages",
                "its open IMAP and POP3 sessions are being ended");
        assertThat(store.list(alice, "", "*", false)).isEmpty();
        assertThat(store.quota(alice).messages()).isZero();
        assertThat(listed("alice@remove.test")).isFalse();
        assertThat(store.uids(bob, "INBOX")).containsExactly(1L, 2L);
        assertThat(listed("bob@remove.test")).isTrue();
    }

    @Test
    void whenTheMailCannotBeDeletedTheAccountIsKeptUnlessKeepMailIsGiven() {
        Principal carol = userWithMail("carol@remove.test");

        Run failed = mailctl(routerWithoutMailbox, "user", "remove", "carol@remove.test");

        assertThat(failed.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(failed.err()).contains("the mail of carol@remove.test was not deleted, so the account is kept",
                "HTTP 502", "run the command again");
        assertThat(listed("carol@remove.test")).isTrue();
        assertThat(store.uids(carol, "INBOX")).containsExactly(1L, 2L);

        Run kept = mailctl(routerWithoutMailbox, "user", "remove", "carol@remove.test", "--keep-mail");

        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(kept.out()).contains("its mail is kept but can no longer be reached");
        assertThat(listed("carol@remove.test")).isFalse();
        assertThat(store.uids(carol, "INBOX")).as("left as the operator asked").containsExactly(1L, 2L);
        String retry = "mailctl user kick carol@remove.test --id " + carol.userId() + " --tenant " + carol.tenantId();
        assertThat(kept.err()).as("the account is gone, so the kick names its id")
                .contains("warning: the user is removed", "sessions were not ended", "HTTP 502", retry);

        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            Run kick = mailctl(router, retry.substring("mailctl ".length()).split(" "));
            assertThat(kick.exit()).as(kick.err()).isZero();
            revoked(topic, carol);
        }
    }

    @Test
    void quotaRecalcRepairsADriftedUserCounterAndThenTheDomain() {
        Principal gina = userWithMail("gina@remove.test");
        userWithMail("hugo@remove.test");
        var mongo = mailboxService.getBean(org.springframework.data.mongodb.core.MongoTemplate.class);
        var drift = new org.bson.Document("$inc", new org.bson.Document("bytes", 500L).append("messages", 1L));
        mongo.getCollection("quotas").updateOne(new org.bson.Document("_id", gina.tenantId() + "/" + gina.userId()), drift);
        mongo.getCollection("domain_quotas").updateOne(new org.bson.Document("_id", gina.tenantId() + "/remove.test"), drift);
        long bytes = store.quota(gina).bytes() - 500;

        Run user = mailctl(router, "quota", "recalc", "gina@remove.test", "-o", "json");

        assertThat(user.exit()).as(user.err()).isZero();
        JsonNode rows = user.json();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("target").asString()).isEqualTo("gina@remove.test");
        assertThat(rows.get(0).get("messagesBefore").asLong()).isEqualTo(3);
        assertThat(rows.get(0).get("messages").asLong()).isEqualTo(2);
        assertThat(rows.get(0).get("bytes").asLong()).isEqualTo(bytes);
        assertThat(rows.get(1).get("target").asString()).isEqualTo("remove.test");
        assertThat(rows.get(1).get("messagesBefore").asLong() - rows.get(1).get("messages").asLong())
                .as("the domain was high by the same message").isEqualTo(1);
        assertThat(store.quota(gina).messages()).isEqualTo(2);

        Run domain = mailctl(router, "quota", "recalc", "remove.test");
        assertThat(domain.exit()).as(domain.err()).isZero();
        assertThat(domain.out()).contains("TARGET", "MESSAGES-BEFORE", "gina@remove.test", "hugo@remove.test");
        assertThat(domain.out().lines().filter(l -> l.startsWith("remove.test"))).hasSize(1);
    }

    @Test
    void kickEndsTheSessionsOnEveryImapNodeThroughTheChangesTopic() {
        Principal ida = user("ida@remove.test");

        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            Run kick = mailctl(router, "user", "kick", "ida@remove.test");

            assertThat(kick.exit()).as(kick.err()).isZero();
            assertThat(kick.out()).contains("the open sessions of ida@remove.test are being ended");
            assertThat(revoked(topic, ida).path("mailboxId").asString()).isEmpty();
        }
        assertThat(mailctl(router, "user", "kick", "nobody@remove.test").exit()).isEqualTo(MailCtl.REFUSED);
    }

    @Test
    void suspendKicksOnceTheUserIsSuspended() {
        Principal jan = user("jan@remove.test");

        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            Run suspend = mailctl(router, "user", "suspend", "jan@remove.test");

            assertThat(suspend.exit()).as(suspend.err()).isZero();
            assertThat(suspend.out()).contains("SUSPENDED");
            assertThat(suspend.err()).isEmpty();
            revoked(topic, jan);
        }
    }

    @Test
    void aKickThatFailsLeavesTheSuspensionDoneAndSaysHowToEndTheSessions() {
        Principal kim = user("kim@remove.test");

        Run suspend = mailctl(routerWithoutMailbox, "user", "suspend", "kim@remove.test");

        assertThat(suspend.exit()).as("the suspension succeeded").isZero();
        assertThat(suspend.out()).contains("SUSPENDED");
        assertThat(suspend.err()).contains("warning: the user is suspended", "sessions were not ended", "HTTP 502",
                "mailctl user kick kim@remove.test");
        assertThat(state("kim@remove.test")).isEqualTo("SUSPENDED");

        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            assertThat(mailctl(router, "user", "kick", "kim@remove.test").exit()).isZero();
            revoked(topic, kim);
        }
    }

    @Test
    void passwdKicksOnlyWhenAsked() {
        Principal lea = user("lea@remove.test");

        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            Run keep = mailctl(router, "user", "passwd", "lea@remove.test", "--password", "N3w-pass-one");
            assertThat(keep.exit()).as(keep.err()).isZero();
            assertThat(keep.out()).doesNotContain("sessions");
            Instant between = Instant.now();
            Run kick = mailctl(router, "user", "passwd", "lea@remove.test", "--password", "N3w-pass-two", "--kick");
            assertThat(kick.exit()).as(kick.err()).isZero();
            assertThat(kick.out()).contains("password of lea@remove.test changed; its open IMAP and POP3 sessions are being ended");

            // one user's events keep their order on the topic: one from the first passwd would come first
            JsonNode first = revoked(topic, lea);
            assertThat(Instant.parse(first.path("at").asString())).as("sent by passwd --kick").isAfterOrEqualTo(between);
        }
    }

    static final String FILEINTO = "require \"fileinto\";\nif address :is \"from\" \"boss@example.com\" {\n"
            + "  fileinto \"Boss\";\n}\n";
    static final String VACATION = "require \"vacation\";\nvacation :days 7 \"Away until Monday – bis Montag\";\n";

    @Test
    void sieveStoresListsPrintsActivatesAndRemovesAUsersScriptsWhichGoWithTheUser(@org.junit.jupiter.api.io.TempDir
                                                                                   java.nio.file.Path dir)
            throws Exception {
        Principal max = user("max@remove.test");
        java.nio.file.Path file = dir.resolve("boss.sieve");
        java.nio.file.Files.writeString(file, FILEINTO);

        Run fromFile = mailctl(router, "sieve", "put", "max@remove.test", "boss mail", file.toString());
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("NAME", "boss mail", "false");
        Run fromStdin = mailctlWithInput(router, VACATION, "sieve", "put", "max@remove.test", "away", "--activate");
        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();

        Run list = mailctl(router, "sieve", "list", "max@remove.test", "-o", "json");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.json().findValuesAsString("name")).containsExactly("away", "boss mail");
        assertThat(list.json().get(0).get("active").asBoolean()).isTrue();
        assertThat(list.json().get(0).get("size").asLong()).isEqualTo(VACATION.getBytes(StandardCharsets.UTF_8).length);

        Run get = mailctl(router, "sieve", "get", "max@remove.test", "away");
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out()).isEqualTo(VACATION);

        assertThat(mailctl(router, "sieve", "activate", "max@remove.test", "boss mail").exit()).isZero();
        var scripts = mailboxService.getBean(org.mailplatform.store.sieve.SieveScripts.class);
        assertThat(scripts.active(max).orElseThrow().name()).isEqualTo("boss mail");
        Run refused = mailctl(router, "sieve", "remove", "max@remove.test", "boss mail");
        assertThat(refused.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(refused.err()).contains("active", "HTTP 409");
        assertThat(mailctl(router, "sieve", "rename", "max@remove.test", "boss mail", "boss").exit()).isZero();
        assertThat(mailctl(router, "sieve", "deactivate", "max@remove.test").exit()).isZero();
        assertThat(scripts.active(max)).isEmpty();
        Run removed = mailctl(router, "sieve", "delete", "max@remove.test", "boss");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(scripts.list(max)).extracting(org.mailplatform.store.sieve.SieveScript::name).containsExactly("away");

        Run userRemoved = mailctl(router, "user", "remove", "max@remove.test");
        assertThat(userRemoved.exit()).as(userRemoved.err()).isZero();
        assertThat(scripts.list(max)).as("deleted with the user's mail").isEmpty();
    }

    @Test
    void sievePutOfAScriptThatDoesNotCompileSaysWhyAndStoresNothing() {
        Principal nina = user("nina@remove.test");

        Run broken = mailctlWithInput(router, "if true { keep", "sieve", "put", "nina@remove.test", "broken", "-");

        assertThat(broken.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(broken.err()).contains("script broken of nina@remove.test not stored", "HTTP 400");
        assertThat(mailboxService.getBean(org.mailplatform.store.sieve.SieveScripts.class).list(nina)).isEmpty();
        assertThat(mailctl(router, "sieve", "list", "nobody@remove.test").exit()).as("unknown user")
                .isEqualTo(MailCtl.REFUSED);
        assertThat(mailctl(router, "sieve", "put", "nina@remove.test", "x", "/no/such/file").exit())
                .isEqualTo(picocli.CommandLine.ExitCode.USAGE);
        assertThat(mailctl(router, "sieve", "--help").out()).contains("list", "get", "put", "activate", "deactivate",
                "remove");
    }

    @Test
    void helpNamesKeepMailAndTheDeleteAlias() {
        Run help = mailctl(router, "user", "remove", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--keep-mail");
        assertThat(mailctl(router, "user", "--help").out()).contains("remove, delete", "kick");
        assertThat(mailctl(router, "user", "passwd", "--help").out()).contains("--kick");
        assertThat(mailctl(router, "user", "kick", "--help").out()).contains("--id", "--tenant");
    }

    Run mailctl(AdminPathRouter via, String... args) {
        return mailctlWithInput(via, "", args);
    }

    Run mailctlWithInput(AdminPathRouter via, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine(new MailCtl(Map.of("MAIL_ADMIN_PASSWORD", ADMIN_PASSWORD),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = via.url();
        return new Run(line.execute(withUrl), out.toString(), err.toString());
    }
}
