package org.mailplatform.bench.smtp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailplatform.auth.AuthServiceApplication;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.smtp.SmtpIngressApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The system under test of the SMTP benchmark: smtp-ingress with the directory it needs
 * (auth-service) on the embedded stack that {@code standalone} runs (Kafka KRaft with its log on
 * disk, mongo-java-server with its H2 file, S3Proxy on the file system), in one JVM. Every message
 * takes the production accept path: body streamed to S3, one {@code mail.inbound} record with an
 * idempotent {@code acks=all} producer, and only then {@code 250}. delivery-service is left out on
 * purpose, as the Postfix side discards: the benchmark measures intake, not delivery.
 *
 * <p>Arguments: {@code dataDir mxPort authPort adminPassword}. Prints {@code smtp-bench ready} (with
 * the ports and the pid) when both services listen, then runs until killed.
 */
public final class IntakeBenchServer {

    private IntakeBenchServer() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int mxPort = Integer.parseInt(args[1]);
        int authPort = Integer.parseInt(args[2]);
        String adminPassword = args[3];
        String serviceToken = "bench-service-token";

        EmbeddedBackends backends = EmbeddedBackends.startPersistent(dataDir);
        BackendEndpoints endpoints = backends.endpoints();
        Map<String, Object> common = common(endpoints, authPort, serviceToken);

        Map<String, Object> auth = new LinkedHashMap<>(common);
        auth.put("server.port", authPort);
        auth.put("mail.auth.admin-password", adminPassword);
        auth.put("mail.auth.service-token", serviceToken);
        ConfigurableApplicationContext authService = AuthServiceApplication.builder().run(arguments(auth));

        Map<String, Object> smtp = new LinkedHashMap<>(common);
        smtp.put("server.port", 0);
        smtp.put("mail.smtp.bind-address", "127.0.0.1");
        smtp.put("mail.smtp.mx-port", mxPort);
        smtp.put("mail.smtp.submission-port", -1);
        smtp.put("mail.smtp.smtps-port", -1);
        // the load comes from one address with up to 100 parallel sessions; the Postfix side lifts
        // its per-client limit (smtpd_client_connection_count_limit) the same way
        smtp.put("mail.smtp.limits.max-connections-per-address", 1000);
        ConfigurableApplicationContext smtpIngress = SmtpIngressApplication.builder().run(arguments(smtp));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            smtpIngress.close();
            authService.close();
            backends.close();
        }));
        int actuatorPort = ((WebServerApplicationContext) smtpIngress).getWebServer().getPort();
        System.out.println("smtp-bench ready: mx 127.0.0.1:" + mxPort + ", auth http://127.0.0.1:" + authPort
                + ", smtp-ingress actuator http://127.0.0.1:" + actuatorPort + "/actuator, pid "
                + ProcessHandle.current().pid());
    }

    /** The same backend and directory settings standalone gives every service. */
    private static Map<String, Object> common(BackendEndpoints backends, int authPort, String serviceToken) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", "127.0.0.1");
        p.put("management.health.mongodb.enabled", false);
        p.put("spring.kafka.bootstrap-servers", backends.kafkaBootstrapServers());
        p.put("spring.mongodb.uri", backends.mongoUri() + "/mail_unused");
        p.put("mail.s3.endpoint", backends.s3().url());
        p.put("mail.s3.access-key", backends.s3().accessKey());
        p.put("mail.s3.secret-key", backends.s3().secretKey());
        p.put("mail.s3.region", backends.s3().region());
        p.put("mail.directory.base-url", "http://127.0.0.1:" + authPort);
        p.put("mail.directory.service-token", serviceToken);
        return p;
    }

    private static String[] arguments(Map<String, Object> properties) {
        List<String> list = new ArrayList<>();
        properties.forEach((k, v) -> list.add("--" + k + "=" + v));
        return list.toArray(String[]::new);
    }
}
