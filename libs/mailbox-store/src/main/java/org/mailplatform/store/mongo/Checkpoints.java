package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Where background jobs got to, one document per named step, shared by every instance of the job:
 * a collector that restarts, or runs on another node, goes on from there instead of starting over.
 */
final class Checkpoints {

    static final String COLLECTION = "maintenance_checkpoints";

    private final MongoTemplate mongo;

    Checkpoints(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Optional<Instant> get(String name) {
        Document d = mongo.findOne(query(where("_id").is(name)), Document.class, COLLECTION);
        return Optional.ofNullable(d).map(found -> found.getDate("at")).map(Date::toInstant);
    }

    void advance(String name, Instant at) {
        // $max: two instances finishing out of order leave the later point
        mongo.upsert(query(where("_id").is(name)), new Update().max("at", Date.from(at)), COLLECTION);
    }
}
