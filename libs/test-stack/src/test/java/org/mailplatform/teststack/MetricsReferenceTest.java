package org.mailplatform.teststack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MetricsReferenceTest {

    private static final List<String> PAGE = List.of(
            "# Metrics", "",
            "| metric | tags | services | status |",
            "|---|---|---|---|",
            "| `jvm_memory_used_bytes`, `process_cpu_usage` | `application`, `area` | all | in code |",
            "| `mail_protocol_commands_seconds` (histogram) | `protocol` | smtp, imap, pop3 | in code |",
            "| `mail_directory_cache_*` (hits, misses) | `cache` | smtp | planned (directory-client) |",
            "| `executor_*` | `name` | auth | in code |",
            "",
            "| metric | tags |",
            "|---|---|",
            "| `not_a_reference_row` | |");

    @Test
    void readsTheNamesInCodeForAServiceAndIgnoresPlannedOnesAndOtherTables() {
        MetricsReference reference = MetricsReference.parse(PAGE);

        assertThat(reference.inCodeFor("smtp"))
                .containsExactly("jvm_memory_used_bytes", "process_cpu_usage", "mail_protocol_commands_seconds");
        assertThat(reference.inCodeFor("auth")).containsExactly("jvm_memory_used_bytes", "process_cpu_usage", "executor_*");
        assertThat(reference.rows()).hasSize(4);
        assertThat(reference.histogramsFor("smtp")).containsExactly("mail_protocol_commands_seconds");
        assertThat(reference.histogramsFor("auth")).isEmpty();
    }

    @Test
    void findsSamplesOfCountersHistogramsAndFamiliesButNotHelpLines() {
        String scrape = """
                # HELP mail_auth_logins_total Logins
                # TYPE mail_auth_logins_total counter
                mail_auth_logins_total{application="auth-service",outcome="ok"} 3.0
                http_server_requests_seconds_bucket{le="0.1"} 2
                executor_active_threads{name="task"} 0.0
                # HELP mail_store_operations_seconds
                """;

        assertThat(MetricsReference.exposes(scrape, "mail_auth_logins_total")).isTrue();
        assertThat(MetricsReference.exposes(scrape, "mail_auth_logins")).isTrue();
        assertThat(MetricsReference.exposes(scrape, "http_server_requests_seconds")).isTrue();
        assertThat(MetricsReference.exposes(scrape, "executor_*")).isTrue();
        assertThat(MetricsReference.exposes(scrape, "mail_store_operations_seconds")).isFalse();
        assertThat(MetricsReference.exposes(scrape, "mail_auth")).isFalse();
    }

    @Test
    void theRealPageDocumentsEveryService() {
        MetricsReference reference = MetricsReference.load();
        for (String service : List.of("auth", "smtp", "delivery", "mailbox", "imap", "pop3", "gateway")) {
            assertThat(reference.inCodeFor(service)).as(service).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
        }
    }
}
