package org.mailplatform.imap.codec;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The section of {@code BODY[section]} or {@code BINARY[section]} (RFC 9051 section 6.4.5).
 *
 * @param part       part numbers ({@code 2.1} is [2, 1]); empty for the whole message
 * @param text       which piece of the part
 * @param fieldNames the header field names of HEADER.FIELDS and HEADER.FIELDS.NOT, as sent
 */
public record Section(List<Integer> part, Text text, List<String> fieldNames) {

    /** The section-text of RFC 9051 (plus CONTENT for a bare part number or {@code []}). */
    public enum Text { CONTENT, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME }

    public Section {
        part = List.copyOf(part);
        fieldNames = List.copyOf(fieldNames);
    }

    public static Section whole() {
        return new Section(List.of(), Text.CONTENT, List.of());
    }

    public static Section of(Text text) {
        return new Section(List.of(), text, List.of());
    }

    /** The section as the FETCH response names it, e.g. {@code 1.2.HEADER.FIELDS (DATE FROM)}. */
    public String render() {
        StringBuilder b = new StringBuilder(part.stream().map(String::valueOf).collect(Collectors.joining(".")));
        if (text != Text.CONTENT) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(text.name().replace('_', '.'));
        }
        if (text == Text.HEADER_FIELDS || text == Text.HEADER_FIELDS_NOT) {
            b.append(" (").append(fieldNames.stream().map(f -> f.toUpperCase(Locale.ROOT))
                    .collect(Collectors.joining(" "))).append(')');
        }
        return b.toString();
    }
}
