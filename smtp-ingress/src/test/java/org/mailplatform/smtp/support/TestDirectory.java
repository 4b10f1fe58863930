package org.mailplatform.smtp.support;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.directory.client.SubmissionLimits;
import org.mailplatform.model.Principal;

/**
 * The directory boundary for tests: domain {@code example.com} is local with alice, bob and a
 * UTF-8 user, {@code sales@} is an alias of alice; {@code down.example} behaves like an
 * unreachable directory; every other domain is remote. The cluster-wide submission counters answer
 * "unknown" (as with auth-service down) unless a test scripts them with {@link #submissions}.
 */
public final class TestDirectory implements Directory, SubmissionLimits {

    public static final Principal ALICE = new Principal("t1", "u-alice", "alice@example.com");
    public static final Principal BOB = new Principal("t1", "u-bob", "bob@example.com");
    public static final Principal JURGEN = new Principal("t1", "u-jurgen", "jürgen@example.com");
    public static final String ALICE_PASSWORD = "alice-secret";

    private static final Map<String, Principal> USERS = Map.of(
            ALICE.address(), ALICE, BOB.address(), BOB, JURGEN.address(), JURGEN);

    public static final SubmissionAllowance DOWN = new SubmissionAllowance.Unknown("test: directory down");

    private volatile Function<Principal, SubmissionAllowance> submissions = p -> DOWN;
    private final AtomicInteger reservations = new AtomicInteger();

    /** What {@link #reserveSubmission} answers from now on. */
    public TestDirectory submissions(Function<Principal, SubmissionAllowance> answer) {
        this.submissions = answer;
        return this;
    }

    /** How many reservations the server asked for so far. */
    public int reservations() {
        return reservations.get();
    }

    @Override
    public SubmissionAllowance reserveSubmission(Principal principal) {
        reservations.incrementAndGet();
        return submissions.apply(principal);
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        if (login.toLowerCase(Locale.ROOT).endsWith("@down.example")) {
            return new AuthResult.Unavailable("test: directory down");
        }
        if (ALICE.address().equalsIgnoreCase(login) && ALICE_PASSWORD.equals(secret) && protocol == Protocol.SMTP) {
            return new AuthResult.Authenticated(ALICE);
        }
        return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
    }

    @Override
    public Resolution resolve(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        if (a.endsWith("@down.example")) {
            return new Resolution.Unavailable("test: directory down");
        }
        if (!a.endsWith("@example.com")) {
            return new Resolution.NotLocalDomain();
        }
        if (a.equals("sales@example.com")) {
            return new Resolution.Expanded(List.of(ALICE.address()));
        }
        Principal user = USERS.get(a);
        return user == null ? new Resolution.UnknownUser() : new Resolution.LocalUser(user);
    }
}
