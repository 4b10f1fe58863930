package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "domain", description = "Mail domains, domain aliases and their DKIM keys.",
        subcommands = DkimCommands.class)
final class DomainCommands {

    static final List<Column> COLUMNS = List.of(Column.field("DOMAIN", "unicode"), Column.field("A-LABEL", "name"),
            Column.field("TENANT", "tenant"), Column.field("ALIAS-OF", "aliasOf"), Column.field("CATCH-ALL", "catchAll"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "add", description = "Add a domain (or, with --alias-of, a domain alias).")
    int add(@Parameters(paramLabel = "DOMAIN") String name,
            @Option(names = "--tenant", description = "owning tenant (default: yours, or the default tenant)") String tenant,
            @Option(names = "--alias-of", paramLabel = "DOMAIN", description = "make it an alias of this domain") String aliasOf) {
        var body = AdminClient.JSON.createObjectNode().put("name", name).put("tenant", tenant).put("aliasOf", aliasOf);
        mailctl.out().print(mailctl.client().post("/api/admin/domains", body), COLUMNS);
        return 0;
    }

    @Command(name = "list", description = "List domains.")
    int list(@Option(names = "--tenant") String tenant) {
        String query = tenant == null ? "" : "?tenant=" + AdminClient.segment(tenant);
        mailctl.out().print(mailctl.client().get("/api/admin/domains" + query), COLUMNS);
        return 0;
    }

    @Command(name = "remove", description = "Remove a domain that has no users, aliases or domain aliases.")
    int remove(@Parameters(paramLabel = "DOMAIN") String name) {
        mailctl.client().delete("/api/admin/domains/" + AdminClient.segment(name));
        mailctl.out().done("removed domain " + name);
        return 0;
    }

    @Command(name = "catch-all", description = "Send mail for unknown addresses of DOMAIN to TARGETs (none: stop).")
    int catchAll(@Parameters(index = "0", paramLabel = "DOMAIN") String name,
            @Parameters(index = "1..*", paramLabel = "TARGET", arity = "0..*") List<String> targets) {
        String path = "/api/admin/domains/" + AdminClient.segment(name) + "/catch-all";
        if (targets == null || targets.isEmpty()) {
            mailctl.out().print(mailctl.client().delete(path), COLUMNS);
        } else {
            var body = AdminClient.JSON.createObjectNode();
            targets.forEach(body.putArray("targets")::add);
            mailctl.out().print(mailctl.client().put(path, body), COLUMNS);
        }
        return 0;
    }
}
