package org.mailplatform.mailctl;

import java.util.List;

import org.mailplatform.mailctl.Output.Column;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "queue", description = "Mail queues of delivery-service: counts, entries, DLQ replay and delete (platform admins).")
final class QueueCommands {

    static final List<Column> COUNTS = List.of(Column.field("QUEUE", "queue"), Column.field("TOPIC", "topic"),
            Column.field("COUNT", "count"), new Column("EXACT", row -> row.path("exact").asBoolean() ? "yes" : "estimate"));

    static final List<Column> ENTRIES = List.of(Column.field("ID", "id"), Column.field("MESSAGE", "messageId"),
            new Column("SENDER", row -> row.path("sender").isString() && row.path("sender").asString().isEmpty() ? "<>"
                    : Output.text(row.path("sender"))),
            Column.field("RECIPIENTS", "recipients"), Column.field("ATTEMPTS", "attempts"),
            Column.field("NOT-BEFORE", "notBefore"),
            new Column("REASON", row -> row.has("deadLetter") && !row.path("deadLetter").isNull()
                    ? row.path("deadLetter").path("stage").asString("") + ": " + row.path("deadLetter").path("reason").asString("")
                    : Output.text(row.path("lastError"))));

    static final List<Column> ACTIONS = List.of(Column.field("ID", "id"), Column.field("ACTION", "action"),
            Column.field("TOPIC", "topic"));

    @ParentCommand
    MailCtl mailctl;

    @Command(name = "status", description = "Records waiting in each queue (inbound, local, outbound, retry, dlq).")
    int status() {
        mailctl.out().print(mailctl.client().get("/api/admin/queue"), COUNTS);
        return 0;
    }

    @Command(name = "list", description = "The first entries of a queue, oldest first.")
    int list(@Parameters(paramLabel = "QUEUE", description = "inbound, local, outbound, retry or dlq") String queue,
             @Option(names = "--limit", defaultValue = "50", description = "Most entries shown (default: ${DEFAULT-VALUE}).")
             int limit) {
        mailctl.out().print(mailctl.client().get("/api/admin/queue/" + AdminClient.segment(queue) + "?limit=" + limit),
                ENTRIES);
        return 0;
    }

    @Command(name = "replay", description = "Put a DLQ entry back on the topic it came from (fix the cause first).")
    int replay(@Parameters(paramLabel = "ID", description = "entry id from 'queue list dlq' (partition-offset)") String id) {
        mailctl.out().print(mailctl.client().post("/api/admin/queue/dlq/" + AdminClient.segment(id) + "/replay", null),
                ACTIONS);
        return 0;
    }

    @Command(name = "delete", description = "Drop a DLQ entry: it is no longer listed, counted or replayable.")
    int delete(@Parameters(paramLabel = "ID") String id) {
        mailctl.out().print(mailctl.client().delete("/api/admin/queue/dlq/" + AdminClient.segment(id)), ACTIONS);
        return 0;
    }
}
