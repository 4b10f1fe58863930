package org.mailplatform.mailctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/** Prints API answers as aligned human tables or, with {@code --output json}, as the JSON itself. */
final class Output {

    /** One table column: header and how to get its text out of a row. */
    record Column(String header, Function<JsonNode, String> value) {
        static Column field(String header, String field) {
            return new Column(header, row -> text(row.path(field)));
        }
    }

    enum Format {
        table, json
    }

    private final PrintWriter out;
    private final Format format;

    Output(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    /** Prints an object or an array of objects. */
    void print(JsonNode answer, List<Column> columns) {
        if (format == Format.json) {
            out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            out.flush();
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(rows::add);
        } else if (!answer.isNull() && !answer.isMissingNode()) {
            rows.add(answer);
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> c.value().apply(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].codePointCount(0, line[i].length()));
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(line[i]);
                if (i < line.length - 1) {
                    text.append(" ".repeat(widths[i] - line[i].codePointCount(0, line[i].length()) + 2));
                }
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** A plain confirmation line (tables) or {"result": message} (json). */
    void done(String message) {
        if (format == Format.json) {
            out.println(AdminClient.JSON.createObjectNode().put("result", message).toString());
        } else {
            out.println(message);
        }
        out.flush();
    }

    /** Free text for people, printed only with tables: JSON output stays one parseable document. */
    void note(String text) {
        if (format == Format.table) {
            out.println(text);
            out.flush();
        }
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "-";
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(text(n)));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        return node.asString();
    }
}
