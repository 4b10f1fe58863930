package org.mailplatform.protocol.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The logged-in sessions of this node by user, so that an operator's kick (a sessions-revoked
 * event) reaches every session of the user here, and remembers the kicks it had for a while.
 *
 * <p>A login asks the directory first and registers afterwards; a kick read between the two found
 * nothing to end, and the session would live on although its check came before the account was
 * suspended or its password changed. So a session registers with the time its login's check began
 * ({@link #now()} before the directory call), and is refused ({@link Admission#REVOKED}) if this
 * node read a kick of its user after that time. Times are this node's monotonic clock: never
 * compared with another node's. A login whose check began after the account change but before
 * this node read the kick (milliseconds, the event's way through Kafka) is refused too and logs
 * in again: the safe side.
 *
 * <p>A kick is remembered for {@link #REMEMBERED} (longer than any login's directory call and
 * store work, which their timeouts bound) and for at most {@link #MAX_REMEMBERED} users.
 * Thread-safe: the change feed calls {@link #revoke} from its own thread.
 *
 * @param <S> a session
 */
public final class UserSessions<S> {

    /** How long a kick is remembered for logins in flight. */
    public static final Duration REMEMBERED = Duration.ofMinutes(10);
    /** Users whose kicks are remembered at most (the oldest go first). */
    public static final long MAX_REMEMBERED = 100_000;

    /** What became of a session that asked to register. */
    public enum Admission {
        ADDED,
        /** The user has the most sessions allowed here already. */
        LIMIT,
        /** The user's sessions were ended after the session's login check began. */
        REVOKED
    }

    private final Map<String, Set<S>> byUser = new ConcurrentHashMap<>();
    private final Cache<String, Long> revokedAt;
    private final LongSupplier clock;

    public UserSessions() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds of a monotonic clock (tests) */
    public UserSessions(LongSupplier clock) {
        this.clock = clock;
        this.revokedAt = Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(MAX_REMEMBERED)
                .ticker(clock::getAsLong).build();
    }

    /** The time to take before a login's directory check, for {@link #add}. */
    public long now() {
        return clock.getAsLong();
    }

    /**
     * Registers {@code session} of the user unless the user has {@code maxPerUser} here already or
     * this node read a kick of the user at or after {@code checkedAt}; atomic with {@link #revoke}
     * and other adds, so concurrent logins cannot overshoot the limit and no session registered
     * before a kick escapes it.
     */
    public Admission add(String tenantId, String userId, S session, int maxPerUser, long checkedAt) {
        String key = key(tenantId, userId);
        Admission[] admission = {Admission.LIMIT};
        byUser.compute(key, (k, set) -> {
            // read inside the compute: a kick records its time before it removes the user's set,
            // so either this sees the kick or the kick sees this session in the set
            Long revoked = revokedAt.getIfPresent(k);
            if (revoked != null && revoked - checkedAt >= 0) {
                admission[0] = Admission.REVOKED;
                return set;
            }
            Set<S> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (s.size() < maxPerUser && s.add(session)) {
                admission[0] = Admission.ADDED;
            }
            return s.isEmpty() ? null : s;
        });
        return admission[0];
    }

    public void remove(String tenantId, String userId, S session) {
        byUser.computeIfPresent(key(tenantId, userId), (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /** Runs {@code action} for each of the user's sessions here (to tell them of a change); returns how many. */
    public int forEach(String tenantId, String userId, Consumer<? super S> action) {
        Set<S> sessions = byUser.get(key(tenantId, userId));
        if (sessions == null) {
            return 0;
        }
        sessions.forEach(action);
        return sessions.size();
    }

    /**
     * A kick: unregisters and returns every session of the user here, for the caller to end, and
     * refuses for {@link #REMEMBERED} the sessions whose login check began before now.
     */
    public List<S> revoke(String tenantId, String userId) {
        String key = key(tenantId, userId);
        revokedAt.put(key, clock.getAsLong());
        Set<S> sessions = byUser.remove(key);
        return sessions == null ? List.of() : List.copyOf(sessions);
    }

    /** Users with at least one session here. */
    public int users() {
        return byUser.size();
    }

    private static String key(String tenantId, String userId) {
        return tenantId + '\u0000' + userId;
    }
}
