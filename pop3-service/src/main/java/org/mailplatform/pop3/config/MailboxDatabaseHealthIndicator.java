package org.mailplatform.pop3.config;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Readiness of the mailbox database (maildrops and locks), checked with {@code ping}. Replaces
 * Boot's Mongo indicator, whose {@code hello} the embedded mongo-java-server does not know.
 */
@Component
class MailboxDatabaseHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    MailboxDatabaseHealthIndicator(MongoTemplate mongo) {
        super("mailbox database check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        mongo.executeCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName());
    }
}
