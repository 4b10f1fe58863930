package org.mailplatform.mime;

import java.util.List;

/**
 * A FETCH BODY[section] specifier (RFC 9051 section 6.4.5): a part path such as {@code 2.1} (empty
 * for the whole message) and what of it.
 *
 * @param path       part numbers, 1-based; empty for the top-level message
 * @param text       which piece of the addressed part
 * @param fieldNames for {@link Text#HEADER_FIELDS} and {@link Text#HEADER_FIELDS_NOT}: the field names
 */
public record SectionSpec(List<Integer> path, Text text, List<String> fieldNames) {

    /** The piece of a part a section names. */
    public enum Text {
        /** {@code BODY[]} (whole message) or {@code BODY[2]} (the part's body). */
        CONTENT,
        /** The header of the message or of an encapsulated message/rfc822. */
        HEADER,
        /** Only the named header fields. */
        HEADER_FIELDS,
        /** Every header field except the named ones. */
        HEADER_FIELDS_NOT,
        /** The body of the message or of an encapsulated message/rfc822. */
        TEXT,
        /** The MIME header of a part ({@code BODY[2.MIME]}). */
        MIME
    }

    public SectionSpec {
        path = List.copyOf(path);
        fieldNames = List.copyOf(fieldNames);
    }

    /** {@code BODY[]}. */
    public static SectionSpec whole() {
        return new SectionSpec(List.of(), Text.CONTENT, List.of());
    }

    /** A section without field names. */
    public static SectionSpec of(Text text, Integer... path) {
        return new SectionSpec(List.of(path), text, List.of());
    }
}
