package org.mailplatform.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * HEADER.FIELDS and HEADER.FIELDS.NOT (RFC 9051 section 6.4.5): keeps (or drops) the named fields of
 * a header, byte for byte with their folding, and ends the result with the blank line.
 */
public record HeaderFilter(List<String> names, boolean exclude) {

    public HeaderFilter {
        names = List.copyOf(names);
    }

    /** Filters a raw header block (which may or may not end with its blank line). */
    public byte[] apply(byte[] header) {
        Set<String> wanted = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(header.length, 8192));
        int pos = 0;
        boolean keep = false;
        while (pos < header.length) {
            int end = pos;
            while (end < header.length && header[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, header.length);
            int contentEnd = end > pos && header[end - 1] == '\r' ? end - 1 : end;
            if (contentEnd == pos) {
                break;
            }
            if (header[pos] != ' ' && header[pos] != '\t') {
                int colon = pos;
                while (colon < contentEnd && header[colon] != ':') {
                    colon++;
                }
                String name = new String(header, pos, colon - pos, StandardCharsets.ISO_8859_1).strip()
                        .toLowerCase(Locale.ROOT);
                keep = colon < contentEnd && wanted.contains(name) != exclude;
            }
            if (keep) {
                out.write(header, pos, contentEnd - pos);
                out.write('\r');
                out.write('\n');
            }
            pos = next;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
