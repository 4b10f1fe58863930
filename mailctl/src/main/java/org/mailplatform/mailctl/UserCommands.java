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

    /** Appended to a confirmation once the sessions' end was asked for. */
    static final String ENDING = "; its open IMAP and POP3 sessions are being ended";

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
                    description = "the new password (prompted for when given without a value)") String password,
            @Option(names = "--kick", description = "Also end the user's open IMAP and POP3 sessions (after a compromise). "
                    + "Off by default: a user who changes their password keeps their other devices.") boolean kick) {
        mailctl.client().put(path(address) + "/password", AdminClient.JSON.createObjectNode().put("password", password));
        boolean kicked = kick && SessionKick.afterChange(mailctl.client(), mailctl.err(), "the password was changed",
                () -> mailctl.client().get(path(address)), "mailctl user kick " + address);
        mailctl.out().done("password of " + address + " changed" + (kicked ? ENDING : ""));
        return 0;
    }

    @Command(name = "suspend", description = "Suspend a user: no logins, mail still accepted; "
            + "the user's open IMAP and POP3 sessions are ended.")
    int suspend(@Parameters(paramLabel = "ADDRESS") String address) {
        JsonNode user = mailctl.client().post(path(address) + "/suspend", null);
        mailctl.out().print(user, COLUMNS);
        SessionKick.afterChange(mailctl.client(), mailctl.err(), "the user is suspended", () -> user,
                "mailctl user kick " + address);
        return 0;
    }

    /** Names a user whose account is gone, so that auth-service cannot be asked for its id. */
    static final class Removed {
        @Option(names = "--id", required = true,
                description = "the removed user's id (user remove prints it when its kick failed)")
        String id;

        @Option(names = "--tenant", required = true, description = "the user's tenant")
        String tenant;
    }

    @Command(name = "kick", description = "End the user's open IMAP and POP3 sessions on every node, as doveadm kick "
            + "(in mailbox-service; the nodes close them within moments). A client that can still log in may "
            + "reconnect: suspend the user or change the password first.")
    int kick(@Parameters(paramLabel = "ADDRESS") String address,
             @ArgGroup(exclusive = false, multiplicity = "0..1") Removed removed) {
        if (removed != null) {
            mailctl.client().post(SessionKick.path(removed.id, removed.tenant), null);
        } else {
            SessionKick.kick(mailctl.client(), mailctl.client().get(path(address)));
        }
        mailctl.out().done("the open sessions of " + address + " are being ended on every IMAP and POP3 node");
        return 0;
    }

    @Command(name = "resume", description = "Let a suspended user log in again.")
    int resume(@Parameters(paramLabel = "ADDRESS") String address) {
        mailctl.out().print(mailctl.client().post(path(address) + "/resume", null), COLUMNS);
        return 0;
    }

    @Command(name = "remove", aliases = "delete", description = "Remove a user: first its mail (mailboxes, messages, "
            + "quota; in mailbox-service), then the account and its app passwords; then its open IMAP and POP3 sessions are "
            + "ended.")
    int remove(@Parameters(paramLabel = "ADDRESS") String address,
               @Option(names = "--keep-mail", description = "Delete only the account. Its mail stays stored but no one can reach it "
                       + "any more (a user added again gets a new id): for operators who exported it first.")
               boolean keepMail) {
        JsonNode user = mailctl.client().get(path(address));
        if (keepMail) {
            mailctl.client().delete(path(address));
            boolean kicked = kickRemoved(address, user);
            mailctl.out().done("removed user " + address + "; its mail is kept but can no longer be reached"
                    + (kicked ? ENDING : ""));
            return 0;
        }
        JsonNode deleted;
        try {
            deleted = mailctl.client().delete(mailDataPath(user));
        } catch (ApiException e) {
            throw new ApiException(e.status(), "the mail of " + address + " was not deleted, so the account is kept: "
                    + e.getMessage() + "; run the command again (or use --keep-mail to remove only the account)");
        }
        mailctl.client().delete(path(address));
        boolean kicked = kickRemoved(address, user);
        mailctl.out().done("removed user " + address + " and its mail (" + deleted.path("mailboxes").asLong()
                + " mailboxes, " + deleted.path("messages").asLong() + " messages)" + (kicked ? ENDING : ""));
        return 0;
    }

    /** After the account is gone: auth-service no longer knows the id, so the retry names it. */
    private boolean kickRemoved(String address, JsonNode user) {
        return SessionKick.afterChange(mailctl.client(), mailctl.err(), "the user is removed", () -> user,
                "mailctl user kick " + address + " --id " + user.path("id").asString() + " --tenant "
                        + user.path("tenant").asString());
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
