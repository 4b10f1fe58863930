package org.mailplatform.teststack;

import java.util.LinkedHashMap;
import java.util.Map;

import org.mailplatform.embedded.BackendEndpoints;

/**
 * The Spring properties through which every service of the platform finds its backends, filled from
 * a set of endpoints. The names are the services' own configuration keys, so a test configures a
 * service exactly as an operator would.
 */
public final class StackProperties {

    private StackProperties() {
    }

    public static Map<String, Object> of(BackendEndpoints endpoints) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        p.put("spring.mongodb.uri", endpoints.mongoUri());
        p.put("mail.s3.endpoint", endpoints.s3().url());
        p.put("mail.s3.access-key", endpoints.s3().accessKey());
        p.put("mail.s3.secret-key", endpoints.s3().secretKey());
        p.put("mail.s3.region", endpoints.s3().region());
        return p;
    }
}
