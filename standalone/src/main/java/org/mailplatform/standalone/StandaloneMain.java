package org.mailplatform.standalone;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/standalone}: the whole platform in one process, with no Docker and nothing to install. */
@Command(name = "standalone", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs every service of the mail platform with embedded Kafka, MongoDB and S3 in one JVM.")
public final class StandaloneMain implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address the public ports listen on (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP gateway (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--smtp-port", defaultValue = "2525", description = "SMTP, MX (default: ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(names = "--submission-port", defaultValue = "2587", description = "SMTP submission with STARTTLS (default: ${DEFAULT-VALUE}).")
    int submissionPort;

    @Option(names = "--smtps-port", defaultValue = "2465", description = "SMTP submission over TLS (default: ${DEFAULT-VALUE}).")
    int smtpsPort;

    @Option(names = "--imap-port", defaultValue = "2143", description = "IMAP with STARTTLS (default: ${DEFAULT-VALUE}).")
    int imapPort;

    @Option(names = "--imaps-port", defaultValue = "2993", description = "IMAP over TLS (default: ${DEFAULT-VALUE}).")
    int imapsPort;

    @Option(names = "--managesieve-port", defaultValue = "24190",
            description = "ManageSieve, users' Sieve filters, with STARTTLS (default: ${DEFAULT-VALUE}; -1 off).")
    int manageSievePort;

    @Option(names = "--pop3-port", defaultValue = "2110", description = "POP3 with STLS (default: ${DEFAULT-VALUE}).")
    int pop3Port;

    @Option(names = "--pop3s-port", defaultValue = "2995", description = "POP3 over TLS (default: ${DEFAULT-VALUE}).")
    int pop3sPort;

    @Option(names = "--tls-cert", description = "PEM certificate chain to serve (default: a self-signed one in the data dir).")
    Path tlsCertificate;

    @Option(names = "--tls-key", description = "PEM PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    // bin/standalone's training run: the JVM records which classes a start loads (AOT cache or
    // AppCDS archive) when it exits, and later starts map them instead of loading them again.
    @Option(names = "--exit-when-started", hidden = true,
            description = "Start on free ports, then stop at once (records the start-up cache).")
    boolean exitWhenStarted;

    public static void main(String[] args) {
        // one logging configuration (logback.xml) for the whole JVM, not re-initialized per service
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.exit(new CommandLine(new StandaloneMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--tls-cert and --tls-key go together");
        }
        StandaloneConfig.Ports ports = exitWhenStarted
                ? StandaloneConfig.Ports.anyFree()
                : new StandaloneConfig.Ports(httpPort, smtpPort, submissionPort, smtpsPort, imapPort, imapsPort, pop3Port, pop3sPort,
                        manageSievePort);
        StandaloneConfig config = new StandaloneConfig(dataDir, bindAddress, ports,
                tlsCertificate == null ? Optional.empty() : Optional.of(new StandaloneConfig.TlsFiles(tlsCertificate, tlsKey)));

        Platform platform = Platform.start(config);
        if (exitWhenStarted) {
            platform.close();
            return 0;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the mail platform ...");
            platform.close();
            stopped.countDown();
        }, "standalone-shutdown"));
        System.out.print(new EndpointReport(config, platform).render());
        stopped.await();
        return 0;
    }
}
