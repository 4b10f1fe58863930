package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.mailplatform.model.Principal;
import org.mailplatform.store.StoreUnavailableException;
import org.mailplatform.store.config.SieveProperties;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Users' Sieve scripts in collection {@value #COLLECTION}: one document per (tenant, user, name),
 * unique index {@code owner_name}; every query names the principal's tenant and user.
 *
 * <p><b>One active script without transactions.</b> The active script's document, and only it,
 * carries {@value #ACTIVE} = {@code <tenant>/<user>} (escaped as in {@link AppendKeys}); a sparse
 * unique index on that field lets MongoDB itself refuse a second active script of a user, whatever
 * the number of nodes and concurrent calls (sparse: inactive documents lack the field and are not in
 * the index; a partial index would say the same, but the embedded MongoDB has no partial indexes).
 * {@link #activate} sets the field on its script; when the index refuses it, it clears the field on
 * the user's other script and tries again. So at no instant are two scripts active; concurrent
 * activations end with exactly one of them active (the last to take the slot); between clearing
 * the old and setting the new there is a moment with none, in which delivery files as without a
 * filter. Renaming keeps the field, so the active script stays active in the same single update,
 * and deleting is conditional on its absence, so the active script is never deleted.
 *
 * <p>Limits ({@link SieveProperties}): a script's UTF-8 size, and the number of scripts per user,
 * checked before a new name is inserted and again after: two creates racing for the last place may
 * both be refused, but once {@link #put} returns the user has no more than the limit.
 *
 * <p>MongoDB unreachable: {@link StoreUnavailableException}, a temporary failure.
 */
public final class MongoSieveScripts implements SieveScripts {

    static final String COLLECTION = "sieve_scripts";
    /** Field set on the active script only: the owner, so that its sparse unique index allows one per user. */
    static final String ACTIVE = "activeFor";
    /** Rounds {@link #activate} takes the slot from other scripts before it gives up to concurrent activations. */
    private static final int ACTIVATE_ROUNDS = 16;

    private final MongoTemplate mongo;
    private final SieveProperties limits;
    private final Clock clock;

    public MongoSieveScripts(MongoTemplate mongo, SieveProperties limits) {
        this(mongo, limits, Clock.systemUTC());
    }

    public MongoSieveScripts(MongoTemplate mongo, SieveProperties limits, Clock clock) {
        this.mongo = mongo;
        this.limits = limits;
        this.clock = clock;
        ensureIndexes(mongo);
    }

    static void ensureIndexes(MongoTemplate mongo) {
        var indexes = mongo.indexOps(COLLECTION);
        indexes.createIndex(new Index().named("owner_name").on("tenantId", Sort.Direction.ASC)
                .on("userId", Sort.Direction.ASC).on("name", Sort.Direction.ASC).unique());
        indexes.createIndex(new Index().named("active_owner").on(ACTIVE, Sort.Direction.ASC).unique().sparse());
    }

    @Override
    public List<SieveScript> list(Principal user) {
        try {
            return mongo.find(query(owned(user)).with(Sort.by("name")), Document.class, COLLECTION).stream()
                    .map(MongoSieveScripts::script).toList();
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<SieveScript> get(Principal user, String name) {
        try {
            return Optional.ofNullable(mongo.findOne(query(named(user, name)), Document.class, COLLECTION))
                    .map(MongoSieveScripts::script);
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void put(Principal user, String name, String content) throws SieveQuotaException {
        checkName(name);
        Objects.requireNonNull(content, "content");
        long size = content.getBytes(StandardCharsets.UTF_8).length;
        if (size > limits.maxScriptSize().toBytes()) {
            throw new SieveQuotaException("the script is " + size + " bytes, at most " + limits.maxScriptSize().toBytes()
                    + " are allowed");
        }
        Date now = Date.from(clock.instant());
        Update replace = new Update().set("content", content).set("size", size).set("updatedAt", now);
        try {
            // replacing takes no room; the active field is left as it is, so an active script stays active
            if (mongo.updateFirst(query(named(user, name)), replace, COLLECTION).getMatchedCount() == 1) {
                return;
            }
            if (count(user) >= limits.maxScripts()) {
                throw tooMany();
            }
            ObjectId id = new ObjectId();
            try {
                mongo.insert(new Document("_id", id).append("tenantId", user.tenantId()).append("userId", user.userId())
                        .append("name", name).append("content", content).append("size", size).append("updatedAt", now),
                        COLLECTION);
            } catch (DuplicateKeyException createdMeanwhile) {
                // a concurrent put created the name first: this one replaces it, as if it had come second
                mongo.updateFirst(query(named(user, name)), replace, COLLECTION);
                return;
            }
            // two creates may both have passed the count: the later ones give their place up again
            if (count(user) > limits.maxScripts()) {
                mongo.remove(query(owned(user).and("_id").is(id).and(ACTIVE).exists(false)), COLLECTION);
                throw tooMany();
            }
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    private SieveQuotaException tooMany() {
        return new SieveQuotaException("at most " + limits.maxScripts() + " scripts per user");
    }

    @Override
    public void activate(Principal user, String name) {
        try {
            if (name == null) {
                mongo.updateMulti(query(owned(user).and(ACTIVE).exists(true)), new Update().unset(ACTIVE), COLLECTION);
                return;
            }
            String slot = activeSlot(user);
            for (int round = 0; round < ACTIVATE_ROUNDS; round++) {
                try {
                    if (mongo.updateFirst(query(named(user, name)), new Update().set(ACTIVE, slot), COLLECTION)
                            .getMatchedCount() == 0) {
                        throw new NoSuchElementException("no script named " + name);
                    }
                    return;
                } catch (DuplicateKeyException anotherIsActive) {
                    // the index holds the user's slot for another script: free it and take it on the next round
                    mongo.updateMulti(query(owned(user).and(ACTIVE).is(slot).and("name").ne(name)),
                            new Update().unset(ACTIVE), COLLECTION);
                }
            }
            throw new IllegalStateException("other activations of this user's scripts kept interfering; try again");
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean delete(Principal user, String name) {
        try {
            // conditional on not being active, in the same operation: an activation cannot slip in between
            if (mongo.remove(query(named(user, name).and(ACTIVE).exists(false)), COLLECTION).getDeletedCount() == 1) {
                return true;
            }
            if (mongo.exists(query(named(user, name)), COLLECTION)) {
                throw new IllegalStateException("script " + name + " is active; deactivate it first");
            }
            return false;
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void rename(Principal user, String from, String to) {
        checkName(to);
        try {
            if (from.equals(to)) {
                if (!mongo.exists(query(named(user, from)), COLLECTION)) {
                    throw new NoSuchElementException("no script named " + from);
                }
                return;
            }
            // one update of one document: the active field goes with it, so nothing is ever left without it
            if (mongo.updateFirst(query(named(user, from)), new Update().set("name", to), COLLECTION)
                    .getMatchedCount() == 0) {
                throw new NoSuchElementException("no script named " + from);
            }
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("a script named " + to + " exists");
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Optional<SieveScript> active(Principal user) {
        try {
            return Optional.ofNullable(mongo.findOne(query(owned(user).and(ACTIVE).is(activeSlot(user))), Document.class,
                    COLLECTION)).map(MongoSieveScripts::script);
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void deleteAll(Principal user) {
        try {
            purge(mongo, user);
        } catch (DataAccessResourceFailureException e) {
            throw unavailable(e);
        }
    }

    /** Deletes a user's scripts and vacation records (also for {@link UserDataPurge}); the number of scripts deleted. */
    static long purge(MongoTemplate mongo, Principal user) {
        long scripts = mongo.remove(query(owned(user)), COLLECTION).getDeletedCount();
        mongo.remove(query(owned(user)), MongoVacationLog.COLLECTION);
        return scripts;
    }

    /**
     * Refuses what RFC 5804 (section 1.6) does not allow in a script name, and {@code /} (names end
     * up in paths: the REST API's, a file name in an export): empty or too long (in characters, not
     * UTF-16 units), control characters, the line and paragraph separators, lone surrogates.
     */
    void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a script name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > limits.maxNameLength()) {
            throw new IllegalArgumentException("a script name has at most " + limits.maxNameLength() + " characters");
        }
        boolean refused = name.codePoints().anyMatch(c -> c == '/' || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.SURROGATE);
        if (refused) {
            throw new IllegalArgumentException("a script name must not contain control characters or /");
        }
    }

    private long count(Principal user) {
        return mongo.count(query(owned(user)), COLLECTION);
    }

    private static Criteria owned(Principal user) {
        return where("tenantId").is(user.tenantId()).and("userId").is(user.userId());
    }

    private static Criteria named(Principal user, String name) {
        return owned(user).and("name").is(name);
    }

    private static String activeSlot(Principal user) {
        return AppendKeys.escape(user.tenantId()) + "/" + AppendKeys.escape(user.userId());
    }

    private static SieveScript script(Document d) {
        Date updated = d.getDate("updatedAt");
        return new SieveScript(d.getString("name"), d.getString("content"), d.get(ACTIVE) != null,
                updated == null ? null : updated.toInstant());
    }

    private static StoreUnavailableException unavailable(DataAccessResourceFailureException e) {
        return new StoreUnavailableException("sieve script store unavailable: " + e.getMessage(), e);
    }
}
