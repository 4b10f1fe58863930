package org.mailplatform.mailauth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * A message's header fields exactly as they are on the wire (folding kept, no final CRLF), in
 * order, for jDKIM's header hash: what the relay signs and what the MX verifies.
 *
 * <p>jDKIM hashes the strings' UTF-8 bytes, so a field that is not valid UTF-8 (raw Latin-1 from an
 * old client) could not be hashed as it is sent: {@link #add} refuses it (the relay then sends the message
 * unsigned rather than with a signature that cannot verify).
 */
public final class HeaderFields implements Headers {

    private final List<String> fields = new ArrayList<>();

    /** Adds a parsed field; false if its bytes are not valid UTF-8. */
    public boolean add(Field field) {
        ByteSequence raw = field.getRaw();
        if (raw == null) {
            return false;
        }
        try {
            fields.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw.toByteArray()))
                    .toString());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public List<String> getFields() {
        return List.copyOf(fields);
    }

    @Override
    public List<String> getFields(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> nameOf(f).equals(lower)).toList();
    }

    /** How often each of {@code names} occurs. */
    public int count(String name) {
        return getFields(name).size();
    }

    /** The unfolded value of the only field called {@code name}, or null when there is none or several. */
    public String single(String name) {
        List<String> found = getFields(name);
        if (found.size() != 1) {
            return null;
        }
        String f = found.get(0);
        return f.substring(f.indexOf(':') + 1).replaceAll("\r\n([ \t])", "$1").trim();
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }
}
