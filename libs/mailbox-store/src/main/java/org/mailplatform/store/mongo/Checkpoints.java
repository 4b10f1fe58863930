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
 * A step is done up to {@code at}; a step that lists keys over several runs (a full walk) also
 * keeps, while under way, the last key it handled ({@code position}) and when it began
 * ({@code started}).
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

    Optional<StoreMaintenance.WalkPosition> position(String name) {
        Document d = mongo.findOne(query(where("_id").is(name).and("position").exists(true)), Document.class,
                COLLECTION);
        return Optional.ofNullable(d)
                .map(found -> new StoreMaintenance.WalkPosition(found.getString("position"),
                        found.getDate("started").toInstant()));
    }

    void setPosition(String name, String key, Instant started) {
        // $set, not $max: two instances on one walk may move it back a page, which only lists that page again
        mongo.upsert(query(where("_id").is(name)),
                new Update().set("position", key).set("started", Date.from(started)), COLLECTION);
    }

    void clearPosition(String name) {
        mongo.updateFirst(query(where("_id").is(name)), new Update().unset("position").unset("started"), COLLECTION);
    }
}
