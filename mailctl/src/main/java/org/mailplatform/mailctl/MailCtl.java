package org.mailplatform.mailctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mailctl}: the operator's command line over the admin REST API (through the gateway by
 * default). Exit codes: 0 done, 1 the server refused (its message is printed), 2 bad usage,
 * 3 the server could not be reached.
 */
@Command(name = "mailctl", version = "mailctl 0.1.0",
        description = "Manage tenants, domains, users, aliases, quotas, app passwords and users' Sieve filters, and inspect the "
                + "mail queues.",
        subcommands = { TenantCommands.class, DomainCommands.class, UserCommands.class, AliasCommands.class,
                QuotaCommands.class, AppPasswordCommands.class, QueueCommands.class, SieveCommands.class })
public final class MailCtl {

    static final int REFUSED = 1;
    static final int UNREACHABLE = 3;

    @Option(names = { "-h", "--help" }, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    @Option(names = { "-V", "--version" }, versionHelp = true, description = "Print the version.")
    boolean version;

    @Option(names = "--url", defaultValue = "http://localhost:8080", scope = ScopeType.INHERIT,
            description = "Base URL of the gateway or auth-service (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--user", defaultValue = "admin", scope = ScopeType.INHERIT,
            description = "Admin user name (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password-file", scope = ScopeType.INHERIT,
            description = "File holding the admin password (default: environment variable MAIL_ADMIN_PASSWORD).")
    Path passwordFile;

    @Option(names = { "-o", "--output" }, defaultValue = "table", scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Output.Format output;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final InputStream stdin;
    private AdminClient client;

    public MailCtl() {
        this(System.getenv());
    }

    MailCtl(Map<String, String> environment) {
        this(environment, System.in);
    }

    /** With a standard input of the test's own ({@code sieve put} reads a script from it). */
    MailCtl(Map<String, String> environment, InputStream stdin) {
        this.environment = environment;
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new MailCtl()).execute(args));
    }

    /** The configured command line: server refusals print the message and exit non-zero. */
    static CommandLine commandLine(MailCtl mailctl) {
        CommandLine line = new CommandLine(mailctl);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ApiException api) {
                cmd.getErr().println("mailctl: " + api.getMessage());
                return api.status() == 0 ? UNREACHABLE : REFUSED;
            }
            if (e instanceof IllegalArgumentException bad) {
                cmd.getErr().println("mailctl: " + bad.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            throw e;
        });
        return line;
    }

    AdminClient client() {
        if (client == null) {
            client = new AdminClient(url, user, adminPassword());
        }
        return client;
    }

    Output out() {
        return new Output(spec.commandLine().getOut(), output);
    }

    InputStream stdin() {
        return stdin;
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private String adminPassword() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        return environment.get("MAIL_ADMIN_PASSWORD");
    }
}
