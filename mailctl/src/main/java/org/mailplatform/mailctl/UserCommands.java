package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import tools.jackson.databind.JsonNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "user", description = "Mail users.")
final class UserCommands {

    static final List<Column> COLUMNS = List.of(Column.field("ADDRESS", "address"), Column.field("TENANT", "tenant"),
            Column.field("STATE", "state"), new Column("QUOTA-BYTES", u -> Output.text(u.path("quota").path("maxBytes"))),
            new Column("QUOTA-MESSAGES", u -> Output.text(u.path("quota").path("maxMessages"))),
            Column.field("ID", "id"));

    @ParentCommand
    MailCtl mailctl;

    /** Exactly one way to give the new user's password. */
    static final class Secret {
        @Option(names = "--password", interactive = true, arity = "0..1", required = true,
                description = "the password (prompted for when given without a value)")
        String password;

        @Option(names = "--password-hash", required = true,
                description = "import an existing Argon2id or bcrypt hash instead")
        String passwordHash;
    }

    @Command(name = "add", description = "Add a user.")
    int add(@Parameters(paramLabel = "ADDRESS") String address,
            @ArgGroup(exclusive = true, multiplicity = "1") Secret secret) {
        var body = AdminClient.JSON.createObjectNode().put("address", address).put("password", secret.password)
                .put("passwordHash", secret.passwordHash);
        mailctl.out().print(mailctl.client().post("/api/admin/users", body), COLUMNS);
        return 0;
    }

    @Command(name = "list", description = "List users.")
    int list(@Option(names = "--domain") String domain) {
        String query = domain == null ? "" : "?domain=" + AdminClient.segment(domain);
        mailctl.out().print(mailctl.client().get("/api/admin/users" + query), COLUMNS);
        return 0;
    }

    @Command(name = "passwd", description = "Set a user's password.")
    int passwd(@Parameters(paramLabel = "ADDRESS") String address,
            @Option(names = "--password", interactive = true, arity = "0..1", required = true,
                    description = "the new password (prompted for when given without a value)") String password) {
        mailctl.client().put(path(address) + "/password", AdminClient.JSON.createObjectNode().put("password", password));
        mailctl.out().done("password of " + address + " changed");
        return 0;
    }

    @Command(name = "suspend", description = "Suspend a user: no logins, mail still accepted.")
    int suspend(@Parameters(paramLabel = "ADDRESS") String address) {
        mailctl.out().print(mailctl.client().post(path(address) + "/suspend", null), COLUMNS);
        return 0;
    }

    @Command(name = "resume", description = "Let a suspended user log in again.")
    int resume(@Parameters(paramLabel = "ADDRESS") String address) {
        mailctl.out().print(mailctl.client().post(path(address) + "/resume", null), COLUMNS);
        return 0;
    }

    @Command(name = "remove", aliases = "delete", description = "Remove a user: first its mail (mailboxes, messages, "
            + "quota; in mailbox-service), then the account and its app passwords.")
    int remove(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = "--keep-mail", description = "Delete only the account. Its mail stays stored but no one can reach it "
                       + "any more (a user added again gets a new id): for operators who exported it first.")
               boolean keepMail) {
        if (keepMail) {
            mailctl.client().delete(path(address));
            mailctl.out().done("removed user " + address + "; its mail is kept but can no longer be reached");
            return 0;
        }
        JsonNode user = mailctl.client().get(path(address));
        JsonNode deleted;
        try {
            deleted = mailctl.client().delete(mailDataPath(user));
        } catch (ApiException e) {
            throw new ApiException(e.status(), "the mail of " + address + " was not deleted, so the account is kept: "
                    + e.getMessage() + "; run the command again (or use --keep-mail to remove only the account)");
        }
        mailctl.client().delete(path(address));
        mailctl.out().done("removed user " + address + " and its mail (" + deleted.path("mailboxes").asLong()
                + " mailboxes, " + deleted.path("messages").asLong() + " messages)");
        return 0;
    }

    /** mailbox-service's deletion of a user's mail data, reached through the same gateway as the admin API. */
    static String mailDataPath(JsonNode user) {
        return "/api/mail/users/" + AdminClient.segment(user.path("id").asString()) + "/data?tenant="
                + AdminClient.segment(user.path("tenant").asString()) + "&address="
                + AdminClient.segment(user.path("address").asString());
    }

    static String path(String address) {
        return "/api/admin/users/" + AdminClient.segment(address);
    }
}
