package org.mailplatform.mime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw header lines of one entity, collected while parsing (up to a byte budget) and split into
 * fields afterwards. Header bytes are decoded as UTF-8 (RFC 6532) when they are valid UTF-8, else as
 * ISO-8859-1, so 8-bit junk never breaks parsing; NUL bytes are dropped.
 */
final class HeaderBlock {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int budget;
    private boolean truncated;

    HeaderBlock(int budget) {
        this.budget = budget;
    }

    /** Bytes this block still accepts. */
    int remaining() {
        return budget - bytes.size();
    }

    boolean truncated() {
        return truncated;
    }

    /** Adds one header line (without its terminator). */
    void add(byte[] line, int length, boolean lineTruncated) {
        int n = Math.min(length, remaining());
        if (n < length || lineTruncated) {
            truncated = true;
        }
        if (n <= 0) {
            return;
        }
        bytes.write(line, 0, n);
        bytes.write('\n');
    }

    /** True if {@code line} may start a header field: a field name, then a colon. */
    static boolean isFieldStart(byte[] line, int length) {
        int i = 0;
        while (i < length && isNameChar(line[i])) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i < length && line[i] == ':';
    }

    static boolean isContinuation(byte[] line, int length) {
        return length > 0 && (line[0] == ' ' || line[0] == '\t');
    }

    private static boolean isNameChar(byte b) {
        return b >= 33 && b <= 126 && b != ':';
    }

    /** The fields, unfolded, in header order. */
    List<HeaderField> fields() {
        String text = decode(bytes.toByteArray());
        List<HeaderField> fields = new ArrayList<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                if (name != null) {
                    value.append(line);
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            if (name != null) {
                fields.add(new HeaderField(name, value.toString().strip()));
            }
            name = line.substring(0, colon).strip();
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
        if (name != null) {
            fields.add(new HeaderField(name, value.toString().strip()));
        }
        return fields;
    }

    static String decode(byte[] raw) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            text = new String(raw, StandardCharsets.ISO_8859_1);
        }
        return text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0 ? text.replace("\0", "").replace("\r", "") : text;
    }
}
