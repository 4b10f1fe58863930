package org.mailplatform.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/** The chart under test and the ways the tests render it, all without a cluster. */
final class Chart {

    /** The seven services of the platform and their HTTP ports (ARCHITECTURE.md, team brief). */
    static final Map<String, Integer> SERVICES = Map.of(
            "auth-service", 8081,
            "mailbox-service", 8082,
            "smtp-ingress", 8083,
            "delivery-service", 8084,
            "imap-service", 8085,
            "pop3-service", 8086,
            "gateway", 8080);

    /** The container ports of the protocol services, by port name. */
    static final Map<String, Map<String, Integer>> PROTOCOL_PORTS = Map.of(
            "smtp-ingress", Map.of("smtp", 25, "submission", 587, "smtps", 465),
            "imap-service", Map.of("imap", 143, "imaps", 993, "managesieve", 4190),
            "pop3-service", Map.of("pop3", 110, "pop3s", 995));

    static final String RELEASE = "mail-platform";

    private Chart() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path dir() {
        return repoRoot().resolve("helm/mail-platform");
    }

    static Path ciValues(String name) {
        return dir().resolve("ci").resolve(name);
    }

    /** Renders the chart as {@code helm template} does, with the given values files on top of the defaults. */
    static Manifests render(Path... valuesFiles) {
        return Manifests.parse(template(valuesFiles));
    }

    static String template(Path... valuesFiles) {
        TemplateCommand template = new Helm(dir()).template().withName(RELEASE).withNamespace("mail");
        for (Path values : valuesFiles) {
            if (!Files.isRegularFile(values)) {
                throw new IllegalArgumentException("no values file " + values);
            }
            template = template.withValuesFile(values);
        }
        return template.call();
    }

    /** The rendering profiles the chart must support. */
    enum Profile {
        DEFAULTS(List.of()),
        EXTERNAL_BACKENDS(List.of("external-values.yaml")),
        DEV(List.of("dev-values.yaml"));

        private final List<String> files;

        Profile(List<String> files) {
            this.files = files;
        }

        Manifests render() {
            List<Path> paths = new ArrayList<>();
            files.forEach(f -> paths.add(ciValues(f)));
            return Chart.render(paths.toArray(Path[]::new));
        }
    }
}
