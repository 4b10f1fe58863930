package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code MAIL_*} variable the chart sets is read by the services: it is the environment
 * form of a component of some {@code @ConfigurationProperties} record in main code, or a
 * placeholder in a service's configuration file. A renamed property then fails here instead of
 * being silently ignored in production (docs/deployment.md, "The configuration contract").
 */
class ConfigurationContractTest {

    private static final Pattern PROPERTIES_RECORD = Pattern.compile(
            "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)[^{]*?record\\s+\\w+\\s*\\((.*?)\\)\\s*(implements[^{]*)?\\{",
            Pattern.DOTALL);
    private static final Pattern ANNOTATION = Pattern.compile("@\\w+(\\((\"[^\"]*\"|\\{[^}]*\\}|[^)])*\\))?");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(MAIL_[A-Z0-9_]+)");

    @Test
    void everyMailVariableTheChartSetsIsBoundByAService() throws IOException {
        Set<String> bound = boundVariables();
        assertThat(bound).as("variables bound by main code").contains("MAIL_S3_ENDPOINT", "MAIL_GATEWAY_AUTHSERVICEURI");
        for (Chart.Profile profile : Chart.Profile.values()) {
            for (Deployment deployment : profile.render().all(Deployment.class)) {
                for (EnvVar env : deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
                    if (env.getName().startsWith("MAIL_")) {
                        assertThat(bound).as(deployment.getMetadata().getName() + " gets " + env.getName()
                                + ", which no @ConfigurationProperties component or configuration placeholder reads;"
                                + " fix the chart or the contract in docs/deployment.md").contains(env.getName());
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyMailVariableComposeSetsIsBoundByAService() throws IOException {
        Set<String> bound = boundVariables();
        Map<String, Object> compose = new Yaml().load(Files.readString(Chart.repoRoot().resolve("docker-compose.yml")));
        ((Map<String, Map<String, Object>>) compose.get("services")).forEach((name, service) -> {
            if (service.get("environment") instanceof Map<?, ?> env) {
                env.keySet().stream().map(String::valueOf).filter(v -> v.startsWith("MAIL_"))
                        .forEach(v -> assertThat(bound).as("compose service " + name + " sets " + v
                                + ", which no service reads").contains(v));
            }
        });
    }

    private static Set<String> boundVariables() throws IOException {
        Set<String> bound = new HashSet<>();
        try (Stream<Path> files = Files.walk(Chart.repoRoot())) {
            files.filter(p -> p.toString().contains("/src/main/") && !p.toString().contains("/target/"))
                    .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".yml") || p.toString().endsWith(".properties"))
                    .forEach(p -> {
                        String text = read(p);
                        Matcher placeholder = PLACEHOLDER.matcher(text);
                        while (placeholder.find()) {
                            bound.add(placeholder.group(1));
                        }
                        Matcher record = PROPERTIES_RECORD.matcher(text);
                        while (record.find()) {
                            for (String component : components(record.group(2))) {
                                bound.add(environmentName(record.group(1) + "." + component));
                            }
                        }
                    });
        }
        return bound;
    }

    /** The component names of a record header: annotations and generic arguments removed, the last word of each part. */
    static Set<String> components(String header) {
        String plain = ANNOTATION.matcher(header).replaceAll(" ");
        String previous;
        do {
            previous = plain;
            plain = plain.replaceAll("<[^<>]*>", "");
        } while (!plain.equals(previous));
        Set<String> names = new HashSet<>();
        for (String part : plain.split(",")) {
            String[] words = part.trim().split("\\s+");
            if (words.length >= 2) {
                names.add(words[words.length - 1]);
            }
        }
        return names;
    }

    /** Spring Boot's environment-variable form: dots to underscores, dashes and case dropped. */
    static String environmentName(String property) {
        return property.replace(".", "_").replace("-", "").toUpperCase(Locale.ROOT);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
