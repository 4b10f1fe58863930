package org.mailplatform.standalone;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/** The lines standalone prints once every port listens: where to connect, and the admin password's source. */
final class EndpointReport {

    private final StandaloneConfig config;
    private final Platform platform;

    EndpointReport(StandaloneConfig config, Platform platform) {
        this.config = config;
        this.platform = platform;
    }

    String render() {
        String host = config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress();
        StringBuilder out = new StringBuilder();
        // time since the JVM started (what a user waits for), and CPU time beside it: on a busy
        // machine the wall time says little about the start itself
        long sinceJvmStart = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        out.append("mail platform is up in %d ms (%d ms of CPU, %d ms in the platform's start), data in %s%n"
                .formatted(sinceJvmStart, cpuMillis, platform.startupTime().toMillis(), platform.dataDirectory()));
        StandaloneConfig.Ports ports = config.ports();
        line(out, "HTTP gateway", "http://%s:%d".formatted(host, platform.httpPort("gateway")));
        line(out, "SMTP (MX)", "smtp://%s:%d".formatted(host, ports.smtp()));
        line(out, "submission", "smtp://%s:%d (STARTTLS, AUTH)".formatted(host, ports.submission()));
        line(out, "SMTPS", "smtps://%s:%d".formatted(host, ports.smtps()));
        line(out, "IMAP", "imap://%s:%d (STARTTLS)".formatted(host, ports.imap()));
        line(out, "IMAPS", "imaps://%s:%d".formatted(host, ports.imaps()));
        line(out, "POP3", "pop3://%s:%d (STLS)".formatted(host, ports.pop3()));
        line(out, "POP3S", "pop3s://%s:%d".formatted(host, ports.pop3s()));
        if (ports.managesieve() >= 0) {
            line(out, "ManageSieve", "sieve://%s:%d (STARTTLS)".formatted(host, ports.managesieve()));
        }
        out.append("  services        %s%n".formatted(String.join(", ", platform.serviceNames())));
        out.append("  admin password  user 'admin', password in %s%n".formatted(platform.adminPassword().source()));
        return out.toString();
    }

    private static void line(StringBuilder out, String what, String where) {
        out.append("  %-15s %s%n".formatted(what, where));
    }
}
