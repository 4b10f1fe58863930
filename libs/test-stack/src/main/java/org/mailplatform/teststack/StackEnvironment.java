package org.mailplatform.teststack;

import java.util.Map;
import java.util.Optional;

/** The environment variables that point the test stack at existing backends. */
record StackEnvironment(Map<String, String> variables) {

    /** Kafka bootstrap servers, e.g. {@code localhost:9092}. */
    static final String KAFKA = "MAIL_TEST_KAFKA_BOOTSTRAP_SERVERS";
    /** MongoDB connection string, e.g. {@code mongodb://localhost:27017}. */
    static final String MONGO = "MAIL_TEST_MONGODB_URI";
    /** S3 endpoint URL, e.g. {@code http://localhost:9000}. */
    static final String S3_ENDPOINT = "MAIL_TEST_S3_ENDPOINT";
    static final String S3_ACCESS_KEY = "MAIL_TEST_S3_ACCESS_KEY";
    static final String S3_SECRET_KEY = "MAIL_TEST_S3_SECRET_KEY";
    static final String S3_REGION = "MAIL_TEST_S3_REGION";
    /** {@code false} skips the Docker probe even when an engine is reachable. */
    static final String DOCKER = "MAIL_TEST_DOCKER";

    static StackEnvironment fromSystem() {
        return new StackEnvironment(System.getenv());
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    boolean dockerAllowed() {
        return !"false".equalsIgnoreCase(get(DOCKER).orElse("true"));
    }
}
