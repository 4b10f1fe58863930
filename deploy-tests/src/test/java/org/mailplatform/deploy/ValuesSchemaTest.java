package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns a wrong values file into an error before anything is rendered. */
class ValuesSchemaTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicas as a string                 | services: {gateway: {replicas: two}}                       | replicas
            missing Kafka bootstrap without dev  | backends: {kafka: {bootstrapServers: null}}                 | bootstrapServers
            empty MongoDB secret without dev     | backends: {mongodb: {existingSecret: ''}}                   | existingSecret
            unknown protocol Service type        | protocolServices: {type: Ingress}                           | type
            port out of range                    | services: {imap-service: {httpPort: 70000}}                 | httpPort
            cert-manager without an issuer       | tls: {certManager: {enabled: true, dnsNames: [mail.example.org]}} | name
            proxy protocol as a string           | proxyProtocol: {enabled: 'yes'}                             | enabled
            running as root                      | podSecurityContext: {runAsNonRoot: false}                   | runAsNonRoot
            misspelt top-level key               | replicaCount: 3                                             | replicaCount
            misspelt service                     | services: {imap: {enabled: true}}                           | imap
            ingress without a host               | gatewayIngress: {enabled: true}                             | hosts
            tracing switch as a string           | tracing: {enabled: 'on'}                                    | enabled
            sampling above one                   | tracing: {enabled: true, samplingProbability: 2}            | samplingProbability
            OTLP endpoint without a scheme       | tracing: {enabled: true, otlpEndpoint: 'collector:4318'}    | otlpEndpoint
            """)
    void schemaRejectsBadValues(String what, String yaml, String mentioned) throws Exception {
        Path values = Files.writeString(dir.resolve("bad.yaml"), yaml + "\n");
        assertThatThrownBy(() -> Chart.template(values)).as(what)
                .hasMessageContaining("schema")
                .hasMessageContaining(mentioned);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dev mode needs no external backends | dev: {enabled: true}\\nbackends: {kafka: {bootstrapServers: ''}, mongodb: {existingSecret: ''}, s3: {existingSecret: ''}}
            TLS off needs no secret             | tls: {enabled: false, existingSecret: ''}
            """)
    void schemaAcceptsValidAlternatives(String what, String yaml) throws Exception {
        Path values = Files.writeString(dir.resolve("good.yaml"), yaml.replace("\\n", "\n") + "\n");
        assertThat(Chart.template(values)).as(what).contains("kind: Deployment");
    }
}
