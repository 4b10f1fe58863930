package org.mailplatform.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md says which of the platform's own metrics are "in code": each of those must be
 * registered somewhere in the services' or libraries' main code, so the reference (and the
 * dashboard built on it) does not promise metrics that do not exist.
 */
class MetricsReferenceTest {

    /** A table row whose last cell (status) starts with "in code"; group 1 is the metric cell. */
    private static final Pattern ROW = Pattern.compile("^\\|([^|]*)\\|.*\\|\\s*in code[^|]*\\|?\\s*$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`(mail_[a-z0-9_]+)`");
    private static final Pattern MAIL_METER = Pattern.compile("\"(mail\\.[a-z0-9._]+)\"");
    /** What Micrometer's Prometheus naming appends: unit, counter suffix, long task timers' "active". */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_bytes", "_active_seconds");

    @Test
    void everyMetricDocumentedAsInCodeIsRegisteredInMainCode() throws IOException {
        String reference = Files.readString(Chart.repoRoot().resolve("docs/metrics.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(reference);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        assertThat(documented).as("metrics marked in code in docs/metrics.md").hasSizeGreaterThan(10);
        List<String> registered = new ArrayList<>();
        Matcher meter = MAIL_METER.matcher(mainJavaSources());
        while (meter.find()) {
            registered.add(meter.group(1).replace('.', '_'));
        }
        for (String prometheusName : documented) {
            assertThat(registered.stream().anyMatch(m -> SUFFIXES.stream().anyMatch(s -> prometheusName.equals(m + s))))
                    .as(prometheusName + " is documented as in code: some main class must register a \"mail.*\" meter"
                            + " or observation with that Prometheus name (or docs/metrics.md must say planned)")
                    .isTrue();
        }
    }

    private static String mainJavaSources() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(Chart.repoRoot())) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .forEach(p -> {
                        try {
                            all.append(Files.readString(p)).append('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return all.toString();
    }
}
