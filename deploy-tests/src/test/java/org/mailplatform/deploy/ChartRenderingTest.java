package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every rendering of the chart must hold, whatever the values profile. */
class ChartRenderingTest {

    @ParameterizedTest
    @EnumSource(Chart.Profile.class)
    void everyServiceHasDeploymentServiceAutoscalerBudgetAndNetworkPolicy(Chart.Profile profile) {
        Manifests m = profile.render();
        for (var service : Chart.SERVICES.entrySet()) {
            String name = Manifests.objectName(service.getKey());
            Deployment deployment = m.named(Deployment.class, name);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getPorts()).anySatisfy(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(service.getValue());
            });
            Service http = m.named(Service.class, name);
            assertThat(http.getSpec().getPorts()).singleElement()
                    .satisfies(p -> assertThat(p.getPort()).isEqualTo(service.getValue()));
            assertThat(http.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            m.named(NetworkPolicy.class, name);
            if (profile != Chart.Profile.DEV || !service.getKey().equals("auth-service")) {
                assertThat(m.named(HorizontalPodAutoscaler.class, name).getSpec().getScaleTargetRef().getName()).isEqualTo(name);
                assertThat(deployment.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
                m.named(PodDisruptionBudget.class, name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Profile.class)
    void everyLongRunningContainerHasProbesResourcesAndARestrictedSecurityContext(Chart.Profile profile) {
        List<PodTemplateSpec> pods = profile.render().longRunningPodTemplates();
        assertThat(pods).hasSizeGreaterThanOrEqualTo(7);
        for (PodTemplateSpec pod : pods) {
            PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).isTrue();
            assertThat(podSecurity.getRunAsUser()).isPositive();
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            for (Container c : pod.getSpec().getContainers()) {
                String what = c.getName();
                assertThat(c.getStartupProbe()).as(what + " startup probe").isNotNull();
                assertThat(c.getLivenessProbe()).as(what + " liveness probe").isNotNull();
                assertThat(c.getReadinessProbe()).as(what + " readiness probe").isNotNull();
                assertThat(c.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what + " limits").containsKey("memory");
                SecurityContext security = c.getSecurityContext();
                assertThat(security.getRunAsNonRoot()).as(what + " non-root").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(security.getCapabilities().getDrop()).as(what).containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(what).isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).as(what).isEqualTo("RuntimeDefault");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Profile.class)
    void platformContainersProbeActuatorAndRunOnAReadOnlyRootFilesystem(Chart.Profile profile) {
        Manifests m = profile.render();
        for (String service : Chart.SERVICES.keySet()) {
            Deployment deployment = m.named(Deployment.class, Manifests.objectName(service));
            Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(path(c.getStartupProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(c.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
            assertThat(path(c.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(service).isTrue();
            assertThat(c.getVolumeMounts()).as("writable /tmp").anySatisfy(v -> assertThat(v.getMountPath()).isEqualTo("/tmp"));
            assertThat(c.getLifecycle().getPreStop().getSleep().getSeconds()).isNotNegative();
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            String shutdown = env(c).get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE");
            long drain = Long.parseLong(shutdown.replace("s", ""));
            assertThat(drain + c.getLifecycle().getPreStop().getSleep().getSeconds())
                    .as(service + ": the drain ends before the kubelet kills the pod").isLessThan(grace);
            assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Profile.class)
    void protocolServicesExposeTheMailPortsThroughALoadBalancerThatKeepsClientAddresses(Chart.Profile profile) {
        Manifests m = profile.render();
        Map<String, String> serviceNames = Map.of("smtp-ingress", "smtp", "imap-service", "imap", "pop3-service", "pop3");
        for (var expected : Chart.PROTOCOL_PORTS.entrySet()) {
            Service service = m.named(Service.class, Manifests.objectName(serviceNames.get(expected.getKey())));
            assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
            assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
            Map<String, Integer> ports = service.getSpec().getPorts().stream()
                    .collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
            assertThat(ports).isEqualTo(expected.getValue());
            Deployment deployment = m.named(Deployment.class, Manifests.objectName(expected.getKey()));
            assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
            Container c = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
            Map<String, Integer> containerPorts = c.getPorts().stream()
                    .filter(p -> !p.getName().equals("http"))
                    .collect(Collectors.toMap(p -> p.getName(), p -> p.getContainerPort()));
            assertThat(containerPorts).isEqualTo(expected.getValue());
            service.getSpec().getPorts().forEach(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo(p.getName()));
            assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getSysctls())
                    .as("non-root binds ports below 1024 without NET_BIND_SERVICE")
                    .anySatisfy(s -> assertThat(s.getName()).isEqualTo("net.ipv4.ip_unprivileged_port_start"));
            Map<String, String> env = env(c);
            expected.getValue().values().forEach(port -> assertThat(env).containsValue(String.valueOf(port)));
            assertThat(env).containsKey(PROXY_ENV.get(expected.getKey()))
                    .containsEntry("MAIL_TLS_CERTIFICATE", "/etc/mail/tls/tls.crt")
                    .containsEntry("MAIL_TLS_PRIVATEKEY", "/etc/mail/tls/tls.key");
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Profile.class)
    void everyServiceIsWiredToTheBackendsItNeeds(Chart.Profile profile) {
        Manifests m = profile.render();
        Map<String, Set<String>> needs = Map.of(
                "auth-service", Set.of("SPRING_MONGODB_URI", "MAIL_ADMIN_PASSWORD", "MAIL_AUTH_SERVICETOKEN"),
                "smtp-ingress", Set.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "MAIL_S3_ENDPOINT", "MAIL_DIRECTORY_BASEURL"),
                "delivery-service", Set.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "SPRING_MONGODB_URI", "MAIL_S3_ENDPOINT", "MAIL_DIRECTORY_BASEURL", "MAIL_DELIVERY_ADMIN_JWT_JWKSURI"),
                "mailbox-service", Set.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "SPRING_MONGODB_URI", "MAIL_S3_ENDPOINT", "MAIL_MAILBOX_JWT_JWKSURI"),
                "imap-service", Set.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "SPRING_MONGODB_URI", "MAIL_S3_ENDPOINT", "MAIL_DIRECTORY_BASEURL"),
                "pop3-service", Set.of("SPRING_KAFKA_BOOTSTRAPSERVERS", "SPRING_MONGODB_URI", "MAIL_S3_ENDPOINT", "MAIL_DIRECTORY_BASEURL"),
                "gateway", Set.of("MAIL_GATEWAY_AUTHSERVICEURI", "MAIL_GATEWAY_MAILBOXSERVICEURI", "MAIL_GATEWAY_JWKSURI"));
        for (var service : needs.entrySet()) {
            Container c = m.named(Deployment.class, Manifests.objectName(service.getKey()))
                    .getSpec().getTemplate().getSpec().getContainers().getFirst();
            Set<String> names = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            assertThat(names).as(service.getKey()).containsAll(service.getValue());
            assertThat(names).contains("SERVER_PORT", "SPRING_CONFIG_ADDITIONALLOCATION");
            String secretEnv = profile == Chart.Profile.DEV
                    ? "MAIL_S3_(ACCESS|SECRET)KEY|MAIL_(DIRECTORY|AUTH)_SERVICETOKEN|MAIL_ADMIN_PASSWORD"
                    : "SPRING_MONGODB_URI|MAIL_S3_(ACCESS|SECRET)KEY|MAIL_(DIRECTORY|AUTH)_SERVICETOKEN|MAIL_ADMIN_PASSWORD";
            assertThat(c.getEnv()).filteredOn(e -> e.getName().matches(secretEnv))
                    .as("credentials come from Secrets, never inline").allSatisfy(e -> {
                        assertThat(e.getValue()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
                    });
        }
        String bootstrap = env(m.named(Deployment.class, Manifests.objectName("delivery-service"))
                .getSpec().getTemplate().getSpec().getContainers().getFirst()).get("SPRING_KAFKA_BOOTSTRAPSERVERS");
        switch (profile) {
            case DEV -> {
                assertThat(bootstrap).isEqualTo(Manifests.objectName("kafka") + ":9092");
                assertThat(m.all(StatefulSet.class)).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder(
                        Manifests.objectName("kafka"), Manifests.objectName("mongodb"), Manifests.objectName("minio"));
            }
            case EXTERNAL_BACKENDS -> {
                assertThat(bootstrap).isEqualTo("mail-kafka-bootstrap.kafka.svc:9093");
                assertThat(m.all(StatefulSet.class)).isEmpty();
            }
            case DEFAULTS -> assertThat(m.all(StatefulSet.class)).as("backends are external by default").isEmpty();
        }
    }

    static final Map<String, String> PROXY_ENV = Map.of("smtp-ingress", "MAIL_SMTP_PROXYPROTOCOL",
            "imap-service", "MAIL_IMAP_PROXYPROTOCOL", "pop3-service", "MAIL_POP3_PROXYPROTOCOL");

    static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    static Map<String, String> env(Container c) {
        return c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
    }
}
