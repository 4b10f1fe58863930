package org.mailplatform.mailctl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mailplatform.mailctl.Output.Column;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A user's Sieve scripts in mailbox-service ({@code /api/mail/users/{id}/sieve/...}, through the
 * same {@code --url} as the admin API), as Pigeonhole's {@code doveadm sieve}: the user is named by
 * address and looked up in auth-service for its id and tenant, as {@link SessionKick} does.
 */
@Command(name = "sieve", description = "Users' Sieve filters (RFC 5228): several scripts per user, one active, run at "
        + "final delivery.")
final class SieveCommands {

    static final List<Column> COLUMNS = List.of(Column.field("NAME", "name"), Column.field("ACTIVE", "active"),
            Column.field("SIZE", "size"), Column.field("UPDATED", "updatedAt"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "list", description = "List a user's scripts.")
    int list(@Parameters(index = "0", paramLabel = "ADDRESS") String address) {
        mailctl.out().print(mailctl.client().get(user(address).path("/scripts")), COLUMNS);
        return 0;
    }

    @Command(name = "get", description = "Print a script.")
    int get(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name) {
        String text = mailctl.client().getText(user(address).script(name, ""));
        if (mailctl.output == Output.Format.json) {
            mailctl.out().print(AdminClient.JSON.createObjectNode().put("name", name).put("content", text), COLUMNS);
            return 0;
        }
        var out = mailctl.spec.commandLine().getOut();
        out.print(text);
        out.flush();
        return 0;
    }

    @Command(name = "put", description = "Store (create or replace) a script, read from FILE or standard input; it is "
            + "checked before it is stored, and an active script stays active.")
    int put(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name,
            @Parameters(index = "2", paramLabel = "FILE", arity = "0..1",
                    description = "the script (UTF-8); - or none: standard input")
            Path file,
            @Option(names = "--activate", description = "Also make it the active script.") boolean activate) {
        String text = read(file);
        User user = user(address);
        JsonNode stored;
        try {
            stored = mailctl.client().putText(user.script(name, ""), text);
        } catch (ApiException e) {
            throw new ApiException(e.status(), "script " + name + " of " + address + " not stored: " + e.getMessage());
        }
        if (activate) {
            setActive(user, name);
            ((ObjectNode) stored).put("active", true);
        }
        mailctl.out().print(stored, COLUMNS);
        return 0;
    }

    @Command(name = "activate", description = "Make a script the user's active one (the others inactive).")
    int activate(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name) {
        setActive(user(address), name);
        mailctl.out().done("script " + name + " of " + address + " is active");
        return 0;
    }

    @Command(name = "deactivate", description = "Deactivate the user's scripts: mail is delivered unfiltered.")
    int deactivate(@Parameters(index = "0", paramLabel = "ADDRESS") String address) {
        setActive(user(address), null);
        mailctl.out().done("no script of " + address + " is active");
        return 0;
    }

    @Command(name = "rename", description = "Rename a script; an active script stays active.")
    int rename(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name,
               @Parameters(index = "2", paramLabel = "NEW-NAME") String newName) {
        mailctl.out().print(mailctl.client().post(user(address).script(name, "/rename"),
                AdminClient.JSON.createObjectNode().put("name", newName)), COLUMNS);
        return 0;
    }

    @Command(name = "remove", aliases = "delete", description = "Delete a script (not the active one: deactivate it or "
            + "activate another first).")
    int remove(@Parameters(index = "0", paramLabel = "ADDRESS") String address,
            @Parameters(index = "1", paramLabel = "NAME") String name) {
        mailctl.client().delete(user(address).script(name, ""));
        mailctl.out().done("removed script " + name + " of " + address);
        return 0;
    }

    /** The sieve paths of one user, by id, with the tenant a platform admin must name. */
    record User(String id, String tenant) {
        String path(String rest) {
            return "/api/mail/users/" + AdminClient.segment(id) + "/sieve" + rest + "?tenant=" + AdminClient.segment(tenant);
        }

        String script(String name, String rest) {
            return path("/scripts/" + AdminClient.segment(name) + rest);
        }
    }

    /** The user with this address, as auth-service knows it (its id and tenant). */
    private User user(String address) {
        JsonNode user = mailctl.client().get(UserCommands.path(address));
        return new User(user.path("id").asString(), user.path("tenant").asString());
    }

    private void setActive(User user, String name) {
        var body = AdminClient.JSON.createObjectNode();
        if (name == null) {
            body.putNull("name");
        } else {
            body.put("name", name);
        }
        mailctl.client().put(user.path("/active"), body);
    }

    private String read(Path file) {
        byte[] bytes;
        try {
            if (file == null || file.toString().equals("-")) {
                bytes = mailctl.stdin().readAllBytes();
            } else {
                bytes = Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + (file == null ? "standard input" : file) + ": "
                    + e.getMessage());
        }
        try {
            // strict: a script in another charset must fail here, not be stored with replacement characters
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the script is not UTF-8 text");
        }
    }
}
