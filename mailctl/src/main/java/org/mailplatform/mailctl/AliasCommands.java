package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "alias", description = "Aliases: an address redirected to local or remote addresses.")
final class AliasCommands {

    static final List<Column> COLUMNS = List.of(Column.field("ALIAS", "address"), Column.field("TENANT", "tenant"),
            Column.field("TARGETS", "targets"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "add", description = "Add an alias.")
    int add(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET") List<String> targets) {
        var body = AdminClient.JSON.createObjectNode().put("address", address);
        targets.forEach(body.putArray("targets")::add);
        mailctl.out().print(mailctl.client().post("/api/admin/aliases", body), COLUMNS);
        return 0;
    }

    @Command(name = "list", description = "List aliases.")
    int list(@Option(names = "--domain") String domain) {
        String query = domain == null ? "" : "?domain=" + AdminClient.segment(domain);
        mailctl.out().print(mailctl.client().get("/api/admin/aliases" + query), COLUMNS);
        return 0;
    }

    @Command(name = "remove", description = "Remove an alias.")
    int remove(@Parameters(paramLabel = "ADDRESS") String address) {
        mailctl.client().delete("/api/admin/aliases/" + AdminClient.segment(address));
        mailctl.out().done("removed alias " + address);
        return 0;
    }
}
