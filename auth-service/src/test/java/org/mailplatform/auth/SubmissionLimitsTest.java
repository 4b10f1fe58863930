package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.auth.submission.SubmissionCounter;
import org.mailplatform.auth.submission.SubmissionLimitProperties;
import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.mailplatform.directory.client.wire.SubmissionResponse;
import org.mailplatform.teststack.MovableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Cluster-wide submission limits: the internal endpoint, the hour and day windows on a clock the
 * test moves, and concurrent reservations of one user as several smtp-ingress replicas make them.
 */
class SubmissionLimitsTest extends AuthServiceTestBase {

    static final Instant T0 = Instant.parse("2026-03-01T13:58:00Z");

    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry serviceMeters;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MovableClock clock = new MovableClock(T0);
    /** Each test counts for its own user, so tests never share a document. */
    final String user = "u-" + UUID.randomUUID();

    SubmissionCounter counter(int perHour, int perDay) {
        return new SubmissionCounter(mongo, clock, new SubmissionLimitProperties(perHour, perDay), meters);
    }

    @Test
    void endpointCountsWithTheDefaultLimitsBehindTheServiceToken() {
        double before = serviceMeters.get("mail.auth.submissions").tag("outcome", "allowed").counter().count();
        AdminHttp service = AdminHttp.service(port, SERVICE_TOKEN);
        JsonNode first = service.post(DirectoryApi.SUBMISSIONS_PATH, Map.of("tenantId", "t-sub", "userId", user))
                .expect(200).json();
        assertThat(first.get("outcome").asString()).isEqualTo("ALLOWED");
        assertThat(first.get("hourCount").asLong()).isEqualTo(1);
        assertThat(first.get("dayCount").asLong()).isEqualTo(1);
        assertThat(service.post(DirectoryApi.SUBMISSIONS_PATH, Map.of("tenantId", "t-sub", "userId", user)).expect(200)
                .json().get("hourCount").asLong()).isEqualTo(2);
        assertThat(serviceMeters.get("mail.auth.submissions").tag("outcome", "allowed").counter().count())
                .isEqualTo(before + 2);

        AdminHttp.service(port, "wrong-token").post(DirectoryApi.SUBMISSIONS_PATH,
                Map.of("tenantId", "t-sub", "userId", user)).expect(401);
        service.post(DirectoryApi.SUBMISSIONS_PATH, Map.of("tenantId", "t-sub")).expect(400);
        // the default limits are smtp-ingress's node-local ones
        assertThat(new SubmissionLimitProperties(200, 1000)).isEqualTo(
                new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("mail.auth.submission-limits",
                        SubmissionLimitProperties.class));
    }

    @Test
    void theHourSlidesOverAny60MinutesAndTheDayTurnsOnTheUtcCalendar() {
        SubmissionCounter counter = counter(3, 5);
        for (int i = 1; i <= 3; i++) {
            assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.allowed(i, i));
        }
        // three sent at 13:58: at 14:20 two thirds of them still lie in the last 60 minutes (2 of 3)
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.limited(3, 3,
                SubmissionAllowance.Window.HOUR, 3, Instant.parse("2026-03-01T14:20:00Z")));
        assertThat(counter.reserve("t1", user).toAllowance()).as("a refusal counts nothing").isEqualTo(
                new SubmissionAllowance.Limited(SubmissionAllowance.Window.HOUR, 3, Instant.parse("2026-03-01T14:20:00Z")));

        clock.set(Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(counter.reserve("t1", user)).as("not the limit again at once in a new calendar hour")
                .isEqualTo(SubmissionResponse.limited(0, 3, SubmissionAllowance.Window.HOUR, 3,
                        Instant.parse("2026-03-01T14:20:00Z")));
        clock.set(Instant.parse("2026-03-01T14:20:00Z"));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.allowed(1, 4));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.limited(1, 4,
                SubmissionAllowance.Window.HOUR, 3, Instant.parse("2026-03-01T14:40:00Z")));
        clock.set(Instant.parse("2026-03-01T14:40:00Z"));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.allowed(2, 5));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.limited(2, 5,
                SubmissionAllowance.Window.DAY, 5, Instant.parse("2026-03-02T00:00:00Z")));
        clock.advance(Duration.ofHours(5));
        assertThat(counter.reserve("t1", user).outcome()).as("a new hour does not lift the day limit")
                .isEqualTo(SubmissionResponse.LIMITED);

        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.allowed(1, 1));
        assertThat(counter.reserve("t2", user)).as("counted per tenant and user").isEqualTo(SubmissionResponse.allowed(1, 1));
        assertThat(meters.get("mail.auth.submissions").tag("outcome", "allowed").counter().count()).isEqualTo(7);
        assertThat(meters.get("mail.auth.submissions").tag("outcome", "limited").counter().count()).isEqualTo(6);
    }

    @Test
    void theHourSlidesAcrossMidnightIntoTheNewDaysDocument() {
        clock.set(Instant.parse("2026-03-01T23:50:00Z"));
        SubmissionCounter counter = counter(3, 100);
        for (int i = 1; i <= 3; i++) {
            assertThat(counter.reserve("t1", user).outcome()).isEqualTo(SubmissionResponse.ALLOWED);
        }
        clock.set(Instant.parse("2026-03-02T00:10:00Z"));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.limited(0, 0,
                SubmissionAllowance.Window.HOUR, 3, Instant.parse("2026-03-02T00:20:00Z")));
        clock.set(Instant.parse("2026-03-02T00:20:00Z"));
        assertThat(counter.reserve("t1", user)).isEqualTo(SubmissionResponse.allowed(1, 1));
    }

    @Test
    void oneDocumentPerUserAndDayExpiresThroughATtlIndex() {
        counter(3, 5).reserve("t1", user);
        Document stored = mongo.findById("t1/" + user + "/2026-03-01", Document.class, "submission_counts");
        assertThat(stored).isNotNull();
        assertThat(stored.get("day")).isEqualTo(1);
        assertThat(stored.get("h13")).isEqualTo(1);
        assertThat(stored.getDate("expiresAt").toInstant()).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
        IndexInfo ttl = mongo.indexOps("submission_counts").getIndexInfo().stream()
                .filter(i -> i.getName().equals("expires_at")).findFirst().orElseThrow();
        assertThat(ttl.getExpireAfter()).contains(Duration.ZERO);
    }

    @Test
    void concurrentReservationsNeverLetMoreThanTheLimitThrough() throws Exception {
        // 8 replicas' worth of threads start together on a document that does not exist yet, so
        // the race to create it and the race at the limit both happen
        SubmissionCounter counter = counter(100, 1000);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> threads = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                threads.add(pool.submit(() -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < 50; i++) {
                        if (counter.reserve("t1", user).outcome().equals(SubmissionResponse.ALLOWED)) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> thread : threads) {
                allowed += thread.get();
            }
            assertThat(allowed).isEqualTo(100);
        }
        Document stored = mongo.findById("t1/" + user + "/2026-03-01", Document.class, "submission_counts");
        assertThat(stored.get("day")).isEqualTo(100);
        assertThat(stored.get("h13")).isEqualTo(100);
        assertThat(meters.get("mail.auth.submissions").tag("outcome", "limited").counter().count()).isEqualTo(300);
    }
}
