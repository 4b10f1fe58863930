package org.mailplatform.auth.user;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.mailplatform.auth.domain.Quota;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Changes one field of a user with {@code $set}, never by rewriting the whole document, so a login
 * that upgrades a password hash cannot undo an admin's suspension made at the same moment (and the
 * other way round). Returns the user as it is afterwards, or {@code null} when it no longer exists.
 */
@Component
public class UserUpdates {

    private final MongoTemplate mongo;

    public UserUpdates(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public User setPasswordHash(String userId, String hash) {
        return set(userId, "passwordHash", hash);
    }

    public User setState(String userId, UserState state) {
        return set(userId, "state", state);
    }

    public User setQuota(String userId, Quota quota) {
        return set(userId, "quota", quota);
    }

    private User set(String userId, String field, Object value) {
        return mongo.findAndModify(query(where("_id").is(userId)), new Update().set(field, value),
                FindAndModifyOptions.options().returnNew(true), User.class);
    }
}
