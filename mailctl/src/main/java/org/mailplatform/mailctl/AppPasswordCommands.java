package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "app-password", description = "A user's app passwords (per protocol, revocable).")
final class AppPasswordCommands {

    static final List<Column> COLUMNS = List.of(Column.field("NAME", "name"), Column.field("PROTOCOLS", "protocols"),
            Column.field("CREATED", "createdAt"), Column.field("LAST-USED", "lastUsedAt"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "add", description = "Create an app password; it is shown only this once.")
    int add(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name,
            @Option(names = "--protocol", split = ",", paramLabel = "PROTOCOL",
                    description = "SMTP, IMAP, POP3, HTTP (repeatable or comma-separated; default: all)") List<String> protocols) {
        var body = AdminClient.JSON.createObjectNode().put("name", name);
        if (protocols != null) {
            protocols.forEach(p -> body.withArray("protocols").add(p.toUpperCase(java.util.Locale.ROOT)));
        }
        mailctl.out().print(mailctl.client().post(path(address), body), List.of(Column.field("NAME", "name"),
                Column.field("PROTOCOLS", "protocols"), Column.field("PASSWORD", "password")));
        return 0;
    }

    @Command(name = "list", description = "List app passwords (without the secrets).")
    int list(@Parameters(paramLabel = "ADDRESS") String address) {
        mailctl.out().print(mailctl.client().get(path(address)), COLUMNS);
        return 0;
    }

    @Command(name = "revoke", description = "Revoke an app password.")
    int revoke(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name) {
        mailctl.client().delete(path(address) + "/" + AdminClient.segment(name));
        mailctl.out().done("revoked app password " + name + " of " + address);
        return 0;
    }

    private static String path(String address) {
        return UserCommands.path(address) + "/app-passwords";
    }
}
