package org.mailplatform.auth.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Readiness of the directory's MongoDB database, checked with {@code ping} on the service's own
 * database. Replaces Boot's Mongo indicator, whose {@code hello} command the embedded
 * mongo-java-server does not know; {@code ping} works on every MongoDB.
 */
@Component
class DirectoryStoreHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    DirectoryStoreHealthIndicator(MongoTemplate mongo) {
        super("directory database check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
