package org.mailplatform.standalone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.mailplatform.auth.AuthServiceApplication;
import org.mailplatform.delivery.DeliveryServiceApplication;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.gateway.GatewayApplication;
import org.mailplatform.imap.ImapServiceApplication;
import org.mailplatform.mailbox.MailboxServiceApplication;
import org.mailplatform.pop3.Pop3ServiceApplication;
import org.mailplatform.smtp.SmtpIngressApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The services standalone runs and the settings it gives each: the one place that knows how the
 * pieces are wired together in a single JVM. Each service gets the same keys an operator would
 * set in Kubernetes.
 */
final class ServiceCatalog {

    /**
     * @param name       the service's name
     * @param builder    how to build its Spring application
     * @param properties its settings, on top of its own configuration file
     */
    record ServiceSpec(String name, Supplier<SpringApplicationBuilder> builder, Map<String, Object> properties) {
    }

    private final StandaloneConfig config;
    private final BackendEndpoints backends;
    private final StandaloneConfig.TlsFiles tls;
    private final DataDirectory.AdminPassword adminPassword;
    private final int authPort;
    private final int mailboxPort;
    private final int deliveryPort;
    /** Shared secret of the internal directory API; only this JVM uses it, so new at every start. */
    private final String serviceToken = InternalPorts.randomToken();

    /**
     * @param freePort where the internal HTTP ports come from; they are picked before the services
     *                 start, so that every service can start at once knowing where the others are
     */
    ServiceCatalog(StandaloneConfig config, BackendEndpoints backends, StandaloneConfig.TlsFiles tls,
                   DataDirectory.AdminPassword adminPassword, IntSupplier freePort) {
        this.config = config;
        this.backends = backends;
        this.tls = tls;
        this.adminPassword = adminPassword;
        this.authPort = freePort.getAsInt();
        this.mailboxPort = freePort.getAsInt();
        this.deliveryPort = freePort.getAsInt();
    }

    /** The loopback ports picked for the services behind the gateway. */
    Set<Integer> internalPorts() {
        return Set.of(authPort, mailboxPort, deliveryPort);
    }

    /** Every service, the gateway included; they can start in any order. */
    List<ServiceSpec> all() {
        return List.of(
                gateway(authPort, mailboxPort, deliveryPort),
                service(AuthServiceApplication.NAME, AuthServiceApplication::builder, Map.of(
                        "server.port", authPort,
                        "mail.auth.admin-password", adminPassword.value(),
                        "mail.auth.service-token", serviceToken)),
                service(MailboxServiceApplication.NAME, MailboxServiceApplication::builder, Map.of(
                        "server.port", mailboxPort,
                        "mail.mailbox.jwt.jwks-uri", "http://127.0.0.1:" + authPort + "/api/admin/jwks")),
                service(SmtpIngressApplication.NAME, SmtpIngressApplication::builder, Map.of(
                        "mail.smtp.bind-address", config.bindAddress(),
                        "mail.smtp.mx-port", config.ports().smtp(),
                        "mail.smtp.submission-port", config.ports().submission(),
                        "mail.smtp.smtps-port", config.ports().smtps())),
                service(DeliveryServiceApplication.NAME, DeliveryServiceApplication::builder, Map.of(
                        "server.port", deliveryPort,
                        "mail.delivery.admin.jwt.jwks-uri", "http://127.0.0.1:" + authPort + "/api/admin/jwks")),
                service(ImapServiceApplication.NAME, ImapServiceApplication::builder, Map.of(
                        "mail.imap.bind-address", config.bindAddress(),
                        "mail.imap.port", config.ports().imap(),
                        "mail.imap.imaps-port", config.ports().imaps(),
                        "mail.imap.managesieve-port", config.ports().managesieve())),
                service(Pop3ServiceApplication.NAME, Pop3ServiceApplication::builder, Map.of(
                        "mail.pop3.bind-address", config.bindAddress(),
                        "mail.pop3.port", config.ports().pop3(),
                        "mail.pop3.pop3s-port", config.ports().pop3s())));
    }

    /** The gateway, pointing at the services' loopback ports. */
    private ServiceSpec gateway(int authPort, int mailboxPort, int deliveryPort) {
        Map<String, Object> properties = new LinkedHashMap<>(common());
        properties.put("server.address", config.bindAddress());
        properties.put("server.port", config.ports().http());
        properties.put("spring.main.web-application-type", "reactive");
        properties.put("spring.cloud.gateway.server.webflux.enabled", true);
        properties.put("mail.gateway.auth-service-uri", "http://127.0.0.1:" + authPort);
        properties.put("mail.gateway.mailbox-service-uri", "http://127.0.0.1:" + mailboxPort);
        properties.put("mail.gateway.delivery-service-uri", "http://127.0.0.1:" + deliveryPort);
        return new ServiceSpec(GatewayApplication.NAME, GatewayApplication::builder, properties);
    }

    private ServiceSpec service(String name, Supplier<SpringApplicationBuilder> builder, Map<String, Object> own) {
        Map<String, Object> properties = new LinkedHashMap<>(common());
        properties.putAll(own);
        return new ServiceSpec(name, builder, properties);
    }

    /** Backends, internal HTTP on a free loopback port, TLS material: the same for every service. */
    private Map<String, Object> common() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", "127.0.0.1");
        p.put("server.port", 0);
        // the gateway's auto-configuration is on the shared classpath; only the gateway uses it
        p.put("spring.cloud.gateway.server.webflux.enabled", false);
        // Boot's MongoDB indicator sends 'hello', which the embedded mongo-java-server does not know;
        // the services that use MongoDB have their own ping-based readiness check
        p.put("management.health.mongodb.enabled", false);
        p.put("spring.kafka.bootstrap-servers", backends.kafkaBootstrapServers());
        // a default database in the URI for contexts that get Boot's MongoDB auto-configuration
        // from the shared classpath without using it; services that do name their own
        p.put("spring.mongodb.uri", backends.mongoUri() + "/mail_unused");
        p.put("mail.s3.endpoint", backends.s3().url());
        p.put("mail.s3.access-key", backends.s3().accessKey());
        p.put("mail.s3.secret-key", backends.s3().secretKey());
        p.put("mail.s3.region", backends.s3().region());
        p.put("mail.directory.base-url", "http://127.0.0.1:" + authPort);
        p.put("mail.directory.service-token", serviceToken);
        p.put("mail.tls.certificate", tls.certificate().toString());
        p.put("mail.tls.private-key", tls.privateKey().toString());
        return p;
    }
}
