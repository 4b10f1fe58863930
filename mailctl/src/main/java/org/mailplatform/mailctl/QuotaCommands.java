package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "quota", description = "Quotas of a user (ADDRESS) or a whole domain (DOMAIN).")
final class QuotaCommands {

    static final List<Column> COLUMNS = List.of(Column.field("MAX-BYTES", "maxBytes"),
            Column.field("MAX-MESSAGES", "maxMessages"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "set", description = "Set limits; a limit not given becomes unlimited.")
    int set(@Parameters(paramLabel = "ADDRESS|DOMAIN") String target,
            @Option(names = "--bytes", paramLabel = "SIZE", description = "e.g. 1048576, 500M, 10G, unlimited") String bytes,
            @Option(names = "--messages", paramLabel = "COUNT", description = "a number or unlimited") String messages) {
        var body = AdminClient.JSON.createObjectNode();
        Long maxBytes = bytes == null ? null : Sizes.parse(bytes);
        Long maxMessages = messages == null || messages.equalsIgnoreCase("unlimited") ? null : count(messages);
        if (maxBytes == null) {
            body.putNull("maxBytes");
        } else {
            body.put("maxBytes", maxBytes);
        }
        if (maxMessages == null) {
            body.putNull("maxMessages");
        } else {
            body.put("maxMessages", maxMessages);
        }
        mailctl.out().print(mailctl.client().put(path(target), body), COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "Show limits.")
    int show(@Parameters(paramLabel = "ADDRESS|DOMAIN") String target) {
        mailctl.out().print(mailctl.client().get(path(target)), COLUMNS);
        return 0;
    }

    static final List<Column> RECALC_COLUMNS = List.of(Column.field("TARGET", "target"),
            Column.field("BYTES-BEFORE", "bytesBefore"), Column.field("MESSAGES-BEFORE", "messagesBefore"),
            Column.field("BYTES", "bytes"), Column.field("MESSAGES", "messages"));

    @Command(name = "recalc", description = "Recount usage in mailbox-service, as doveadm quota recalc: a user's from "
            + "their messages, or every user's of a DOMAIN; then the domain's from its users'. For counters that "
            + "drifted; run it again if mail kept arriving meanwhile.")
    int recalc(@Parameters(paramLabel = "ADDRESS|DOMAIN") String target) {
        AdminClient client = mailctl.client();
        ArrayNode rows = AdminClient.JSON.createArrayNode();
        String domain;
        String tenant;
        if (target.contains("@")) {
            JsonNode user = client.get(UserCommands.path(target));
            rows.add(recounted(client, target, user));
            domain = target.substring(target.lastIndexOf('@') + 1);
            tenant = user.path("tenant").asString();
        } else {
            domain = target;
            tenant = client.get("/api/admin/domains/" + AdminClient.segment(domain)).path("tenant").asString();
            for (JsonNode user : client.get("/api/admin/users?domain=" + AdminClient.segment(domain))) {
                rows.add(recounted(client, user.path("address").asString(), user));
            }
        }
        JsonNode total = client.post("/api/mail/domains/" + AdminClient.segment(domain) + "/quota/recalculate?tenant="
                + AdminClient.segment(tenant), null);
        rows.add(((ObjectNode) total).put("target", domain));
        mailctl.out().print(rows, RECALC_COLUMNS);
        return 0;
    }

    private static JsonNode recounted(AdminClient client, String address, JsonNode user) {
        JsonNode counted = client.post("/api/mail/users/" + AdminClient.segment(user.path("id").asString())
                + "/quota/recalculate?tenant=" + AdminClient.segment(user.path("tenant").asString()), null);
        return ((ObjectNode) counted).put("target", address);
    }

    private static long count(String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a message count: " + text);
        }
    }

    private static String path(String target) {
        return (target.contains("@") ? UserCommands.path(target) : "/api/admin/domains/" + AdminClient.segment(target))
                + "/quota";
    }
}
