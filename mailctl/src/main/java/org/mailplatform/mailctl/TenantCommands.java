package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tenant", description = "Tenants (platform admins only).")
final class TenantCommands {

    static final List<Column> COLUMNS = List.of(Column.field("ID", "id"), Column.field("NAME", "displayName"),
            Column.field("CREATED", "createdAt"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "add", description = "Create a tenant.")
    int add(@Parameters(paramLabel = "ID", description = "lower-case letters, digits, '-'") String id,
            @Option(names = "--name", description = "display name") String name) {
        var body = AdminClient.JSON.createObjectNode().put("id", id).put("displayName", name);
        mailctl.out().print(mailctl.client().post("/api/admin/tenants", body), COLUMNS);
        return 0;
    }

    @Command(name = "list", description = "List tenants.")
    int list() {
        mailctl.out().print(mailctl.client().get("/api/admin/tenants"), COLUMNS);
        return 0;
    }
}
