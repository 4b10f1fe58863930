package org.mailplatform.teststack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names {@code docs/metrics.md} promises, read from its tables so the page and the
 * services cannot drift apart: every table with a {@code services} and a {@code status} column
 * names, per row, Prometheus metrics in back-quotes, the services that expose them ({@code all}
 * or service keys such as {@code smtp, imap}), and whether they are {@code in code} or
 * {@code planned}. A name ending in {@code *} stands for a family (at least one must exist).
 */
public final class MetricsReference {

    private static final Pattern NAME = Pattern.compile("`([a-z][a-z0-9_]*_[a-z0-9_]*\\*?)`");

    private final List<Row> rows;

    private MetricsReference(List<Row> rows) {
        this.rows = rows;
    }

    /**
     * One documented row: the names, the services that expose them, whether they exist yet, and
     * whether the row says {@code (histogram)} (its timers publish {@code _bucket} series, which
     * dashboards' {@code histogram_quantile} needs).
     */
    public record Row(List<String> names, Set<String> services, boolean inCode, boolean histogram) {
    }

    /** Reads {@code docs/metrics.md} of the checkout the test runs in (found upwards from the working directory). */
    public static MetricsReference load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/metrics.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/metrics.md not found above " + Path.of("").toAbsolutePath());
        }
        return parse(dir.resolve("docs/metrics.md"));
    }

    static MetricsReference parse(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MetricsReference parse(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        int metric = -1;
        int services = -1;
        int status = -1;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                metric = services = status = -1;
                continue;
            }
            List<String> cells = cells(line);
            if (cells.contains("services") && cells.contains("status")) {
                metric = 0;
                services = cells.indexOf("services");
                status = cells.indexOf("status");
                continue;
            }
            if (services < 0 || cells.size() <= Math.max(services, status) || cells.get(0).startsWith("---")) {
                continue;
            }
            List<String> names = new ArrayList<>();
            Matcher m = NAME.matcher(cells.get(metric));
            while (m.find()) {
                names.add(m.group(1));
            }
            Set<String> who = new LinkedHashSet<>();
            Arrays.stream(cells.get(services).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(who::add);
            rows.add(new Row(List.copyOf(names), who, cells.get(status).toLowerCase(Locale.ROOT).startsWith("in code"),
                    cells.get(metric).contains("(histogram)")));
        }
        return new MetricsReference(List.copyOf(rows));
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }

    public List<Row> rows() {
        return rows;
    }

    /** The names that are in code for {@code service} (a key of the {@code services} column). */
    public List<String> inCodeFor(String service) {
        return inCodeFor(service, r -> true);
    }

    /** The names in code for {@code service} whose row says they are histograms. */
    public List<String> histogramsFor(String service) {
        return inCodeFor(service, Row::histogram);
    }

    private List<String> inCodeFor(String service, java.util.function.Predicate<Row> which) {
        return rows.stream().filter(Row::inCode).filter(which)
                .filter(r -> r.services().contains("all") || r.services().contains(service))
                .flatMap(r -> r.names().stream()).distinct().toList();
    }

    /** Whether a Prometheus text exposition has a sample of {@code name} (or of the family {@code prefix*}). */
    public static boolean exposes(String scrape, String name) {
        String pattern = name.endsWith("*")
                ? "(?m)^" + Pattern.quote(name.substring(0, name.length() - 1)) + "[a-zA-Z0-9_]*[{ ]"
                : "(?m)^" + Pattern.quote(name) + "(_bucket|_count|_sum|_max|_total|_created)?[{ ]";
        return Pattern.compile(pattern).matcher(scrape).find();
    }
}
