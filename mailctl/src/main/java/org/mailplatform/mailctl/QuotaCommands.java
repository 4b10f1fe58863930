package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

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
