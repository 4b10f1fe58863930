package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's switches: topics hook, TLS sources, PROXY protocol, monitoring, network policies. */
class ChartFeaturesTest {

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(Chart.dir()).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void topicsHookCreatesEveryTopicWithTheConfiguredPartitions() throws Exception {
        String script = topicsScript(Chart.render());
        for (String topic : List.of("mail.inbound", "mail.local", "mail.outbound", "mail.retry", "mailbox.changes")) {
            assertThat(script).contains("--topic " + topic + " --partitions 12");
        }
        assertThat(script).contains("--topic mail.dlq --partitions 3").contains("--if-not-exists")
                .contains("--replication-factor 3 --config min.insync.replicas=2");
        assertThat(topicsScript(Chart.render(Chart.ciValues("external-values.yaml")))).contains("--topic mail.local --partitions 24");
        assertThat(topicsScript(Chart.render(Chart.ciValues("dev-values.yaml"))))
                .contains("--replication-factor 1").doesNotContain("min.insync.replicas");

        // helm-java's template leaves hooks out of its output: the Job is checked as lint renders it, and here by its source
        String job = Files.readString(Chart.dir().resolve("templates/topics-job.yaml"));
        assertThat(job).contains("helm.sh/hook: post-install,post-upgrade")
                .contains("command: [\"/bin/sh\", \"/scripts/create-topics.sh\"]")
                .contains("name: {{ include \"mail-platform.fullname\" . }}-topics");
    }

    @Test
    void notesTellWhereTheEndpointsAndSecretsAre() {
        String external = installDryRun(Chart.ciValues("external-values.yaml"));
        assertThat(ChartRenderingTest.env(Chart.render(Chart.ciValues("external-values.yaml"))
                .named(Deployment.class, Manifests.objectName("smtp-ingress")).getSpec().getTemplate().getSpec()
                .getContainers().getFirst())).containsEntry("MAIL_SMTP_HOSTNAME", "mx1.example.net");
        assertThat(external).doesNotContain("greets as \"localhost\"");
        assertThat(external).contains("Kafka:   mail-kafka-bootstrap.kafka.svc:9093")
                .contains("smtp-ingress: smtp 25, submission 587, smtps 465")
                .contains("PROXY protocol v2 expected").contains("issued by cert-manager")
                .doesNotContain("bootstrap admin password");
        String dev = installDryRun(Chart.ciValues("dev-values.yaml"));
        assertThat(dev).contains("greets as \"localhost\"").contains("DEV MODE").contains("imap-service: imap 143, imaps 993")
                .contains("mail-platform-generated -o jsonpath='{.data.admin-password}'");
    }

    @Test
    void tlsComesFromAnExistingSecretOrACertManagerCertificate() {
        Manifests defaults = Chart.render();
        assertThat(defaults.ofKind("Certificate")).isEmpty();
        assertThat(tlsSecretOf(defaults)).isEqualTo("mail-platform-tls");

        Manifests external = Chart.render(Chart.ciValues("external-values.yaml"));
        GenericKubernetesResource certificate = (GenericKubernetesResource) external.ofKind("Certificate").getFirst();
        Map<String, Object> spec = certificate.get("spec");
        assertThat(spec).containsEntry("secretName", "mail-platform-tls")
                .containsEntry("privateKey", Map.of("algorithm", "ECDSA", "size", 256, "rotationPolicy", "Always", "encoding", "PKCS8"))
                .containsEntry("dnsNames", List.of("mail.example.net", "imap.example.net", "smtp.example.net"));
        assertThat(tlsSecretOf(external)).isEqualTo("mail-platform-tls");
    }

    @Test
    void tracingIsOffByDefaultAndOneValueTurnsItOnInEveryService(@TempDir Path dir) throws Exception {
        Path values = Files.writeString(dir.resolve("tracing.yaml"), "tracing: {enabled: true, otlpEndpoint: "
                + "'http://otel-collector.observability.svc:4318/v1/traces', samplingProbability: 0.2}\n");
        Manifests defaults = Chart.render();
        Manifests traced = Chart.render(values);
        for (String service : Chart.SERVICES.keySet()) {
            assertThat(ChartRenderingTest.env(defaults.named(Deployment.class, Manifests.objectName(service)).getSpec()
                    .getTemplate().getSpec().getContainers().getFirst())).as(service).doesNotContainKey("MAIL_TRACING_ENABLED");
            assertThat(ChartRenderingTest.env(traced.named(Deployment.class, Manifests.objectName(service)).getSpec()
                    .getTemplate().getSpec().getContainers().getFirst())).as(service)
                    .containsEntry("MAIL_TRACING_ENABLED", "true")
                    .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT",
                            "http://otel-collector.observability.svc:4318/v1/traces")
                    .containsEntry("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "0.2");
        }
    }

    @Test
    void proxyProtocolSwitchReachesEveryProtocolService() {
        for (var profile : Map.of(Chart.Profile.DEFAULTS, "false", Chart.Profile.EXTERNAL_BACKENDS, "true").entrySet()) {
            Manifests m = profile.getKey().render();
            for (String service : Chart.PROTOCOL_PORTS.keySet()) {
                Container c = m.named(Deployment.class, Manifests.objectName(service)).getSpec().getTemplate().getSpec().getContainers().getFirst();
                assertThat(ChartRenderingTest.env(c)).containsEntry(ChartRenderingTest.PROXY_ENV.get(service), profile.getValue());
            }
        }
        Service smtp = Chart.render(Chart.ciValues("external-values.yaml")).named(Service.class, Manifests.objectName("smtp"));
        assertThat(smtp.getMetadata().getAnnotations()).containsEntry("service.beta.kubernetes.io/aws-load-balancer-proxy-protocol", "*");
    }

    @Test
    void serviceMonitorIsOptionalAndDashboardIsValidGrafanaJson() throws Exception {
        assertThat(Chart.render().ofKind("ServiceMonitor")).isEmpty();
        Manifests external = Chart.render(Chart.ciValues("external-values.yaml"));
        GenericKubernetesResource monitor = (GenericKubernetesResource) external.ofKind("ServiceMonitor").getFirst();
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
        assertThat(endpoints.getFirst()).containsEntry("path", "/actuator/prometheus").containsEntry("port", "http");
        for (String service : Chart.SERVICES.keySet()) {
            assertThat(external.named(Service.class, Manifests.objectName(service)).getMetadata().getLabels())
                    .containsEntry("mail-platform/metrics", "true");
        }

        ConfigMap dashboard = external.named(ConfigMap.class, "mail-platform-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        JsonNode json = new ObjectMapper().readTree(dashboard.getData().get("mail-platform.json"));
        assertThat(json.get("uid").asText()).isEqualTo("mail-platform");
        assertThat(json.get("panels")).hasSizeGreaterThan(10);
    }

    @Test
    void imapAutoscalesOnConnectionsWhenCustomMetricsAreEnabled() {
        HorizontalPodAutoscaler hpa = Chart.render(Chart.ciValues("external-values.yaml"))
                .named(HorizontalPodAutoscaler.class, Manifests.objectName("imap-service"));
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(metric -> {
            assertThat(metric.getType()).isEqualTo("Pods");
            assertThat(metric.getPods().getMetric().getName()).isEqualTo("mail_protocol_connections_active");
            assertThat(metric.getPods().getMetric().getSelector().getMatchLabels()).containsEntry("protocol", "imap");
        });
        assertThat(Chart.render().named(HorizontalPodAutoscaler.class, Manifests.objectName("imap-service")).getSpec().getMetrics())
                .singleElement().satisfies(metric -> assertThat(metric.getType()).isEqualTo("Resource"));
    }

    @Test
    void onlyTheGatewayAndTheMailPortsAreOpenToEveryone() {
        Manifests m = Chart.render();
        for (String service : Chart.SERVICES.keySet()) {
            NetworkPolicy policy = m.named(NetworkPolicy.class, Manifests.objectName(service));
            assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            List<NetworkPolicyIngressRule> openToAll = policy.getSpec().getIngress().stream()
                    .filter(rule -> rule.getFrom() == null || rule.getFrom().isEmpty()).toList();
            List<String> openPorts = openToAll.stream().flatMap(r -> r.getPorts().stream()).map(p -> p.getPort().getStrVal()).toList();
            if (service.equals("gateway")) {
                assertThat(openPorts).containsExactly("http");
            } else if (Chart.PROTOCOL_PORTS.containsKey(service)) {
                assertThat(openPorts).containsExactlyInAnyOrderElementsOf(Chart.PROTOCOL_PORTS.get(service).keySet());
            } else {
                assertThat(openPorts).as(service + " is internal").isEmpty();
            }
        }
        NetworkPolicy auth = m.named(NetworkPolicy.class, Manifests.objectName("auth-service"));
        List<String> callers = auth.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                .filter(peer -> peer.getPodSelector() != null)
                .map(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")).toList();
        assertThat(callers).containsExactlyInAnyOrder("smtp-ingress", "delivery-service", "imap-service", "pop3-service", "gateway");
    }

    @Test
    void gatewayIngressPublishesOnlyTheApi() {
        assertThat(Chart.render().all(Ingress.class)).isEmpty();
        Ingress ingress = Chart.render(Chart.ciValues("external-values.yaml")).named(Ingress.class, Manifests.objectName("gateway"));
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("api.mail.example.net");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/api");
                assertThat(path.getBackend().getService().getName()).isEqualTo(Manifests.objectName("gateway"));
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }

    @Test
    void everyObjectCarriesThePlatformLabels() {
        for (HasMetadata object : Chart.render(Chart.ciValues("dev-values.yaml")).objects()) {
            assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/part-of", "mail-platform")
                    .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        }
    }

    private static String topicsScript(Manifests m) {
        return m.named(ConfigMap.class, "mail-platform-topics").getData().get("create-topics.sh");
    }

    private static String installDryRun(Path values) {
        return new Helm(Chart.dir()).install().withName(Chart.RELEASE).withNamespace("mail")
                .withValuesFile(values).dryRun().clientOnly().call().getOutput();
    }

    private static String tlsSecretOf(Manifests m) {
        return m.named(Deployment.class, Manifests.objectName("imap-service")).getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("tls")).findFirst().orElseThrow().getSecret().getSecretName();
    }
}
