package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml is valid YAML and describes the same platform as the Helm chart: the same
 * services, images, HTTP and mail ports, the same environment contract and start order.
 */
class DockerComposeTest {

    /** Host ports of the README plan (the same as standalone's), by container port. */
    static final Map<Integer, Integer> HOST_PORTS = Map.of(25, 2525, 587, 2587, 465, 2465, 143, 2143, 993, 2993,
            4190, 24190, 110, 2110, 995, 2995, 8080, 8080);

    static Map<String, Map<String, Object>> services;
    static Manifests chart;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Chart.repoRoot().resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        chart = Chart.render();
    }

    @Test
    void everyChartServiceIsAComposeServiceBuiltFromTheSharedDockerfileWithTheChartsImageName() {
        for (String name : Chart.SERVICES.keySet()) {
            Map<String, Object> service = service(name);
            Map<String, Object> build = map(service.get("build"));
            assertThat(build).containsEntry("context", ".").containsEntry("dockerfile", "docker/Dockerfile");
            assertThat(map(build.get("args"))).containsEntry("SERVICE", name);
            assertThat(Chart.repoRoot().resolve(name).resolve("pom.xml")).as("a module to build " + name + " from").exists();
            assertThat(service.get("image")).isEqualTo(container(name).getImage());
        }
    }

    @Test
    void httpPortsAndEnvironmentContractMatchTheChart() {
        for (var entry : Chart.SERVICES.entrySet()) {
            Map<String, Object> env = map(service(entry.getKey()).get("environment"));
            assertThat(env).as(entry.getKey()).containsEntry("SERVER_PORT", String.valueOf(entry.getValue()));
            Set<String> wiring = container(entry.getKey()).getEnv().stream().map(EnvVar::getName)
                    .filter(n -> n.matches("SPRING_KAFKA_.*|SPRING_MONGODB_.*|MAIL_.*"))
                    .collect(Collectors.toSet());
            assertThat(env.keySet()).as(entry.getKey() + " gets every setting the chart gives it").containsAll(wiring);
        }
    }

    @Test
    void mailPortsArePublishedOnTheReadmeHostPorts() {
        Map<String, List<String>> published = new TreeMap<>();
        services.forEach((name, s) -> {
            if (s.containsKey("ports")) {
                published.put(name, list(s.get("ports")));
            }
        });
        assertThat(published.keySet()).containsExactlyInAnyOrder("smtp-ingress", "imap-service", "pop3-service", "gateway");
        for (var entry : Chart.PROTOCOL_PORTS.entrySet()) {
            Set<String> expected = entry.getValue().values().stream()
                    .map(port -> HOST_PORTS.get(port) + ":" + port).collect(Collectors.toSet());
            assertThat(published.get(entry.getKey())).containsExactlyInAnyOrderElementsOf(expected);
            Map<String, Object> env = map(service(entry.getKey()).get("environment"));
            entry.getValue().values().forEach(port -> assertThat(env).containsValue(String.valueOf(port)));
            assertThat(map(service(entry.getKey()).get("sysctls"))).containsKey("net.ipv4.ip_unprivileged_port_start");
        }
        assertThat(published.get("gateway")).containsExactly("8080:8080");
    }

    @Test
    void dependsOnNamesExistingServicesAndFollowsWhatEachServiceUses() {
        Set<String> conditions = Set.of("service_started", "service_healthy", "service_completed_successfully");
        services.forEach((name, s) -> map(s.getOrDefault("depends_on", Map.of())).forEach((dependency, how) -> {
            assertThat(services).as(name + " depends on " + dependency).containsKey(dependency);
            assertThat(conditions).contains((String) map(how).get("condition"));
        }));
        Map<String, String> needs = Map.of(
                "SPRING_KAFKA_BOOTSTRAPSERVERS", "kafka-topics",
                "SPRING_MONGODB_URI", "mongo",
                "MAIL_S3_ENDPOINT", "minio-init",
                "MAIL_DIRECTORY_BASEURL", "auth-service",
                "MAIL_GATEWAY_MAILBOXSERVICEURI", "mailbox-service",
                "MAIL_TLS_CERTIFICATE", "tls-init");
        for (String name : Chart.SERVICES.keySet()) {
            Set<String> dependsOn = map(service(name).getOrDefault("depends_on", Map.of())).keySet();
            Set<String> expected = new HashSet<>();
            container(name).getEnv().forEach(e -> {
                if (needs.containsKey(e.getName())) {
                    expected.add(needs.get(e.getName()));
                }
            });
            if (name.equals("gateway")) {
                expected.add("auth-service");
            }
            assertThat(dependsOn).as(name).isEqualTo(expected);
        }
    }

    @Test
    void everyLongRunningServiceHasAHealthCheckAndPlatformServicesRunLockedDown() {
        services.forEach((name, s) -> {
            boolean job = "no".equals(String.valueOf(s.get("restart")));
            if (!job) {
                assertThat(map(s.get("healthcheck"))).as(name + " health check").containsKey("test");
            }
        });
        for (String name : Chart.SERVICES.keySet()) {
            Map<String, Object> s = service(name);
            assertThat(s.get("user")).isEqualTo("10001:10001");
            assertThat(s.get("read_only")).isEqualTo(true);
            assertThat(list(s.get("cap_drop"))).containsExactly("ALL");
            assertThat(list(s.get("tmpfs")).getFirst()).startsWith("/tmp");
        }
    }

    @Test
    void composeCreatesTheSameTopicsAsTheChart() throws IOException {
        String script = list(service("kafka-topics").get("command")).getFirst();
        String values = Files.readString(Chart.dir().resolve("values.yaml"));
        @SuppressWarnings("unchecked")
        List<String> topics = (List<String>) map(map(new Yaml().<Map<String, Object>>load(values)).get("topics")).get("names");
        assertThat(topics).hasSize(6);
        topics.forEach(topic -> assertThat(script).contains(topic));
        assertThat(map(service("mongo")).get("command").toString()).contains("--replSet");
        assertThat(list(service("minio-init").get("command")).getFirst()).contains("mc mb --ignore-existing platform/mail");
    }

    @Test
    void dockerfileBuildsANonRootImageFromTheExecJar() throws IOException {
        String dockerfile = Files.readString(Chart.repoRoot().resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains("COPY ${SERVICE}/target/${SERVICE}-*-exec.jar app.jar")
                .contains("USER 10001:10001").contains("-XX:MaxRAMPercentage").contains("-XX:+ExitOnOutOfMemoryError");
        Path ignore = Chart.repoRoot().resolve(".dockerignore");
        assertThat(Files.readString(ignore)).contains("!*/target/*-exec.jar");
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("compose service " + name).containsKey(name);
        return services.get(name);
    }

    private static Container container(String name) {
        return chart.named(Deployment.class, Manifests.objectName(name)).getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object o) {
        return ((List<Object>) o).stream().map(String::valueOf).toList();
    }
}
