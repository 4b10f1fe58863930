package org.mailplatform.auth.login;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.mailplatform.auth.address.InvalidAddressException;
import org.mailplatform.auth.address.MailAddress;
import org.mailplatform.auth.apppassword.AppPassword;
import org.mailplatform.auth.apppassword.AppPasswordRepository;
import org.mailplatform.auth.apppassword.AppPasswordSecrets;
import org.mailplatform.auth.resolve.RecipientResolver;
import org.mailplatform.auth.throttle.LoginThrottle;
import org.mailplatform.auth.user.User;
import org.mailplatform.auth.user.UserRepository;
import org.mailplatform.auth.user.UserState;
import org.mailplatform.auth.user.UserUpdates;
import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Checks a mail user's login: account password (any protocol) or an app password made for the
 * protocol, under the {@link LoginThrottle}. Whatever the reason of a refusal, the caller learns
 * only the coarse reason; the details (which lockout, which user) go to the log. Secrets are never
 * logged.
 */
@Component
public class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final UserRepository users;
    private final UserUpdates updates;
    private final AppPasswordRepository appPasswords;
    private final MongoTemplate mongo;
    private final RecipientResolver resolver;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final MeterRegistry meters;
    private final Clock clock;

    public Authenticator(UserRepository users, UserUpdates updates, AppPasswordRepository appPasswords,
            MongoTemplate mongo, RecipientResolver resolver, PasswordHasher hasher, LoginThrottle throttle,
            MeterRegistry meters, Clock clock) {
        this.users = users;
        this.updates = updates;
        this.appPasswords = appPasswords;
        this.mongo = mongo;
        this.resolver = resolver;
        this.hasher = hasher;
        this.throttle = throttle;
        this.meters = meters;
        this.clock = clock;
    }

    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        AuthResult result = check(login, secret, protocol, client);
        String outcome = switch (result) {
            case AuthResult.Authenticated a -> "authenticated";
            case AuthResult.Rejected r -> r.reason().toLowerCase(Locale.ROOT);
            case AuthResult.Unavailable u -> "unavailable";
        };
        meters.counter("mail.auth.logins", "protocol", protocol.name().toLowerCase(Locale.ROOT), "outcome", outcome)
                .increment();
        return result;
    }

    private AuthResult check(String login, String secret, Protocol protocol, InetAddress client) {
        Optional<LoginThrottle.Lockout> lockout = throttle.lockout(login, client);
        if (lockout.isPresent()) {
            LOG.info("login of {} over {} from {} refused: {} {} locked until {}", LogSafe.text(login), protocol, client,
                    lockout.get().scope(), lockout.get().key(), lockout.get().until());
            pause(throttle.lockedDelay());
            return new AuthResult.Rejected(AuthResult.Rejected.THROTTLED);
        }
        Optional<User> user = findUser(login);
        if (user.isEmpty()) {
            hasher.burnVerification(secret);
            return failed(login, protocol, client, "no such user");
        }
        boolean byPassword = hasher.matches(secret, user.get().passwordHash());
        if (!byPassword && !appPasswordMatches(user.get(), secret, protocol)) {
            return failed(login, protocol, client, "wrong password");
        }
        if (user.get().state() == UserState.SUSPENDED) {
            LOG.info("login of {} over {} from {} refused: account suspended", LogSafe.text(login), protocol, client);
            return new AuthResult.Rejected(AuthResult.Rejected.SUSPENDED);
        }
        throttle.succeeded(login);
        if (byPassword && hasher.needsRehash(user.get().passwordHash())) {
            updates.setPasswordHash(user.get().id(), hasher.hash(secret));
            LOG.info("password hash of {} upgraded to Argon2id", user.get().addressKey());
        }
        return new AuthResult.Authenticated(user.get().principal());
    }

    private boolean appPasswordMatches(User user, String secret, Protocol protocol) {
        if (secret == null || secret.isEmpty()) {
            return false;
        }
        Optional<AppPassword> app = appPasswords.findByUserIdAndSecretDigest(user.id(), AppPasswordSecrets.digest(secret));
        if (app.isEmpty()) {
            return false;
        }
        if (!app.get().protocols().contains(protocol)) {
            LOG.info("app password {} of {} is not for {}", app.get().name(), user.addressKey(), protocol);
            return false;
        }
        mongo.updateFirst(Query.query(Criteria.where("_id").is(app.get().id())),
                Update.update("lastUsedAt", clock.instant()), AppPassword.class);
        return true;
    }

    private AuthResult failed(String login, Protocol protocol, InetAddress client, String why) {
        LOG.info("login of {} over {} from {} failed: {}", LogSafe.text(login), protocol, client, why);
        pause(throttle.failed(login, client));
        return new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS);
    }

    private Optional<User> findUser(String login) {
        try {
            MailAddress address = MailAddress.parse(login);
            return resolver.canonicalDomain(address.domain().ascii())
                    .flatMap(d -> users.findByAddressKey(address.localKey() + "@" + d.id()));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    /** Failure delays run on the request's (virtual) thread; nothing else waits on it. */
    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
