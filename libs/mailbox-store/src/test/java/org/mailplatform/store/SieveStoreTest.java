package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.SieveProperties;
import org.mailplatform.store.mongo.MongoSieveScripts;
import org.mailplatform.store.mongo.MongoVacationLog;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts.SieveQuotaException;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.util.unit.DataSize;

/** Users' Sieve scripts and the vacation log on the test stack's MongoDB (collections sieve_scripts, sieve_vacation). */
@WithTestStack
class SieveStoreTest extends OneStoreTest {

    private static final String KEEP = "keep;\n";
    private static final String FILE = "require \"fileinto\";\nfileinto \"Archive\";\n";

    static MongoSieveScripts scripts;
    static MongoSieveScripts small;
    static MongoVacationLog vacation;
    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeAll
    static void sieve() {
        scripts = new MongoSieveScripts(mongo, SieveProperties.defaults(), clock);
        // a second instance over the same collection, with small limits, as another node configured otherwise
        small = new MongoSieveScripts(fixture.template(), new SieveProperties(3, DataSize.ofBytes(100), 10), clock);
        vacation = new MongoVacationLog(mongo, clock);
    }

    private static Principal newUser() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal("t-" + id, "u-" + id, id + "@example.com");
    }

    @Test
    void storesReplacesListsAndDeletesScripts() throws Exception {
        Principal alice = newUser();
        assertThat(scripts.list(alice)).isEmpty();
        scripts.put(alice, "work", FILE);
        scripts.put(alice, "holiday", KEEP);

        assertThat(scripts.list(alice)).extracting(SieveScript::name).containsExactly("holiday", "work");
        assertThat(scripts.get(alice, "work")).contains(new SieveScript("work", FILE, false, clock.instant()));
        assertThat(scripts.get(alice, "nothing")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        scripts.put(alice, "work", KEEP);
        assertThat(scripts.get(alice, "work").orElseThrow()).isEqualTo(new SieveScript("work", KEEP, false,
                clock.instant()));
        assertThat(scripts.list(alice)).hasSize(2);

        assertThat(scripts.delete(alice, "work")).isTrue();
        assertThat(scripts.delete(alice, "work")).as("already gone").isFalse();
        assertThat(scripts.list(alice)).extracting(SieveScript::name).containsExactly("holiday");
    }

    @Test
    void refusesMoreScriptsThanTheLimitAndScriptsTooLargeButReplacesAtTheLimit() throws Exception {
        Principal bob = newUser();
        small.put(bob, "a", KEEP);
        small.put(bob, "b", KEEP);
        small.put(bob, "c", KEEP);
        assertThatThrownBy(() -> small.put(bob, "d", KEEP)).isInstanceOf(SieveQuotaException.class)
                .hasMessageContaining("3 scripts");
        small.put(bob, "c", FILE);
        assertThat(small.get(bob, "c").orElseThrow().content()).isEqualTo(FILE);

        String hundredBytes = "#" + "é".repeat(49) + "\n"; // 1 + 98 + 1 bytes in UTF-8, 51 characters
        small.put(bob, "a", hundredBytes);
        assertThatThrownBy(() -> small.put(bob, "a", hundredBytes + " ")).isInstanceOf(SieveQuotaException.class)
                .hasMessageContaining("101 bytes");
        assertThat(small.get(bob, "a").orElseThrow().content()).as("unchanged").isEqualTo(hundredBytes);
        assertThat(small.list(bob)).hasSize(3);

        assertThatThrownBy(() -> scripts.put(newUser(), "big", "#".repeat(64 * 1024 + 1)))
                .as("64 KiB by default").isInstanceOf(SieveQuotaException.class);
    }

    @Test
    void namesAreOneTo128CharactersWithoutControlsOrSlash() throws Exception {
        Principal carol = newUser();
        for (String bad : new String[] {"", "a/b", "tab\there", "new\nline", "del\u007f", "c1\u0085", "sep\u2028",
                "x".repeat(129), "\ud800lone"}) {
            assertThatThrownBy(() -> scripts.put(carol, bad, KEEP)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> scripts.put(carol, null, KEEP)).isInstanceOf(IllegalArgumentException.class);
        scripts.put(carol, "x".repeat(128), KEEP);
        // characters, not UTF-16 units: 128 characters outside the BMP are 256 units
        scripts.put(carol, "\ud83d\udce7".repeat(128), KEEP);
        scripts.put(carol, "Ferien 2026 (süß) – üben", KEEP);
        assertThat(scripts.list(carol)).hasSize(3);
        assertThatThrownBy(() -> small.put(carol, "eleven-char", KEEP)).as("configurable")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneScriptIsActiveAtATimeAndStaysActiveWhenReplacedOrRenamed() throws Exception {
        Principal dave = newUser();
        scripts.put(dave, "one", KEEP);
        scripts.put(dave, "two", FILE);
        assertThat(scripts.active(dave)).isEmpty();

        scripts.activate(dave, "one");
        assertThat(scripts.active(dave).orElseThrow().name()).isEqualTo("one");
        scripts.activate(dave, "one");
        scripts.activate(dave, "two");
        assertThat(scripts.list(dave)).extracting(SieveScript::name, SieveScript::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", false),
                        org.assertj.core.groups.Tuple.tuple("two", true));
        assertThatThrownBy(() -> scripts.activate(dave, "three")).isInstanceOf(NoSuchElementException.class);
        assertThat(scripts.active(dave).orElseThrow().name()).as("a failed activation changes nothing").isEqualTo("two");

        scripts.put(dave, "two", KEEP);
        assertThat(scripts.active(dave).orElseThrow().content()).isEqualTo(KEEP);

        scripts.rename(dave, "two", "second");
        assertThat(scripts.active(dave).orElseThrow().name()).isEqualTo("second");
        assertThat(scripts.get(dave, "two")).isEmpty();

        scripts.activate(dave, null);
        assertThat(scripts.active(dave)).isEmpty();
        assertThat(scripts.list(dave)).noneMatch(SieveScript::active);
    }

    @Test
    void theActiveScriptIsNotDeleted() throws Exception {
        Principal erin = newUser();
        scripts.put(erin, "main", KEEP);
        scripts.activate(erin, "main");
        assertThatThrownBy(() -> scripts.delete(erin, "main")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("active");
        assertThat(scripts.active(erin)).isPresent();
        scripts.activate(erin, null);
        assertThat(scripts.delete(erin, "main")).isTrue();
    }

    @Test
    void renameRefusesAnExistingOrUnknownNameAndAnInvalidOne() throws Exception {
        Principal frank = newUser();
        scripts.put(frank, "a", KEEP);
        scripts.put(frank, "b", FILE);
        assertThatThrownBy(() -> scripts.rename(frank, "a", "b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> scripts.rename(frank, "zz", "c")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> scripts.rename(frank, "a", "c/d")).isInstanceOf(IllegalArgumentException.class);
        scripts.rename(frank, "a", "a");
        scripts.rename(frank, "a", "c");
        assertThat(scripts.list(frank)).extracting(SieveScript::name, SieveScript::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", FILE),
                        org.assertj.core.groups.Tuple.tuple("c", KEEP));
    }

    @Test
    void twoTenantsWithTheSameUserIdsSeeOnlyTheirOwnScriptsAndReplies() throws Exception {
        Principal one = newUser();
        Principal twin = new Principal("other-" + one.tenantId(), one.userId(), one.address());
        scripts.put(one, "main", KEEP);
        scripts.put(twin, "main", FILE);
        scripts.put(twin, "spare", FILE);
        scripts.activate(one, "main");

        assertThat(scripts.get(twin, "main").orElseThrow().content()).isEqualTo(FILE);
        assertThat(scripts.active(twin)).isEmpty();
        scripts.activate(twin, "spare");
        assertThat(scripts.active(one).orElseThrow().content()).as("the twin's activation leaves this one").isEqualTo(KEEP);
        assertThat(scripts.list(one)).extracting(SieveScript::name).containsExactly("main");
        scripts.rename(twin, "main", "renamed");
        assertThat(scripts.get(one, "main")).isPresent();
        assertThat(scripts.delete(one, "spare")).isFalse();

        assertThat(vacation.claimReply(one, "x@example.org", "h", Duration.ofDays(7))).isTrue();
        assertThat(vacation.claimReply(twin, "x@example.org", "h", Duration.ofDays(7))).isTrue();

        scripts.deleteAll(one);
        assertThat(scripts.list(one)).isEmpty();
        assertThat(scripts.list(twin)).hasSize(2);
        assertThat(vacation.claimReply(one, "x@example.org", "h", Duration.ofDays(7))).as("forgotten").isTrue();
        assertThat(vacation.claimReply(twin, "x@example.org", "h", Duration.ofDays(7))).as("kept").isFalse();
    }

    @Test
    void concurrentActivationsLeaveExactlyOneActive() throws Exception {
        Principal gina = newUser();
        List<String> names = List.of("s0", "s1", "s2", "s3");
        for (String name : names) {
            scripts.put(gina, name, KEEP);
        }
        // two nodes, each with its own client, activating different scripts at the same moment, many times over
        List<MongoSieveScripts> nodes = List.of(scripts, small);
        ExecutorService threads = Executors.newFixedThreadPool(names.size());
        try {
            for (int round = 0; round < 20; round++) {
                CyclicBarrier start = new CyclicBarrier(names.size());
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    MongoSieveScripts node = nodes.get(i % 2);
                    done.add(threads.submit((Callable<Void>) () -> {
                        start.await();
                        node.activate(gina, name);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                assertThat(scripts.list(gina).stream().filter(SieveScript::active)).as("round " + round).hasSize(1);
                assertThat(scripts.active(gina)).isPresent();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aVacationReplyIsClaimedOncePerPeriodPerSenderAndHandle() {
        Principal hugo = newUser();
        Duration week = Duration.ofDays(7);
        assertThat(vacation.claimReply(hugo, "Boss@Example.com", "h1", week)).isTrue();
        assertThat(vacation.claimReply(hugo, "boss@example.com", "h1", week)).as("sender case ignored").isFalse();
        assertThat(vacation.claimReply(hugo, "boss@example.com", "h2", week)).as("another handle").isTrue();
        assertThat(vacation.claimReply(hugo, "other@example.com", "h1", week)).as("another sender").isTrue();

        clock.advance(Duration.ofDays(6));
        assertThat(vacation.claimReply(hugo, "boss@example.com", "h1", week)).isFalse();
        clock.advance(Duration.ofDays(1));
        assertThat(vacation.claimReply(hugo, "boss@example.com", "h1", week)).as("a week later").isTrue();
        assertThat(vacation.claimReply(hugo, "boss@example.com", "h1", week)).isFalse();
        assertThat(mongo.getCollection("sieve_vacation").countDocuments(new Document("tenantId", hugo.tenantId())))
                .as("one record per sender and handle, reused").isEqualTo(3);
    }

    @Test
    void twoDeliveriesAtOnceClaimTheReplyOnce() throws Exception {
        Principal ida = newUser();
        MongoVacationLog otherNode = new MongoVacationLog(fixture.template(), clock);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String sender = "sender" + round + "@example.org";
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> a = threads.submit(() -> {
                    start.await();
                    return vacation.claimReply(ida, sender, "", Duration.ofDays(1));
                });
                Future<Boolean> b = threads.submit(() -> {
                    start.await();
                    return otherNode.claimReply(ida, sender, "", Duration.ofDays(1));
                });
                assertThat(List.of(a.get(), b.get())).as("round " + round).containsExactlyInAnyOrder(true, false);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void deletingAUsersMailDataDeletesTheirScriptsAndReplies() throws Exception {
        Principal jo = newUser();
        Principal colleague = new Principal(jo.tenantId(), "u-colleague-" + jo.userId(), "c@example.com");
        scripts.put(jo, "a", KEEP);
        scripts.put(jo, "b", KEEP);
        scripts.activate(jo, "a");
        scripts.put(colleague, "a", KEEP);
        vacation.claimReply(jo, "s@example.org", "", Duration.ofDays(1));

        assertThat(maintenance.deleteUserData(jo).sieveScripts()).isEqualTo(2);
        assertThat(scripts.list(jo)).isEmpty();
        assertThat(scripts.active(jo)).isEmpty();
        assertThat(mongo.getCollection("sieve_vacation").countDocuments(new Document("userId", jo.userId()))).isZero();
        assertThat(scripts.list(colleague)).hasSize(1);
        // the user's active slot is free again: a new script of a user with the same ids can be activated
        scripts.put(jo, "new", KEEP);
        scripts.activate(jo, "new");
        assertThat(scripts.active(jo)).isPresent();
    }
}
