package org.mailplatform.sieve;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * A message's header fields as Sieve tests see them (RFC 5228 2.4.2.2, 5.7): by name, case-insensitive,
 * in order, each value unfolded, its encoded words (RFC 2047) decoded and leading and trailing
 * whitespace removed. Parsed by mime4j from at most {@code maxBytes} bytes and {@code maxFields}
 * fields; what lies beyond is not seen. Bytes that are not UTF-8 (RFC 6532) read as U+FFFD.
 */
public final class MessageHeader {

    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<Map.Entry<String, String>> fields;
    /** The same fields unfolded but not decoded: encoded words belong to phrases, not to addresses. */
    private final List<Map.Entry<String, String>> raw;

    private MessageHeader(List<Map.Entry<String, String>> fields, List<Map.Entry<String, String>> raw) {
        this.fields = fields;
        this.raw = raw;
    }

    /**
     * @param message the message's header, or its first bytes (the parse stops at the empty line
     *                that ends the header)
     */
    public static MessageHeader parse(byte[] message, int maxBytes, int maxFields) {
        int length = Math.min(message.length, maxBytes);
        MimeTokenStream tokens = new MimeTokenStream(MimeConfig.custom().setMaxHeaderCount(maxFields)
                .setMaxHeaderLen(-1).setMaxLineLen(-1).build());
        tokens.setRecursionMode(RecursionMode.M_FLAT);
        // a header cut at the limit (or one without a body) still ends, and its last field is kept
        tokens.parse(new SequenceInputStream(new ByteArrayInputStream(message, 0, length),
                new ByteArrayInputStream(END)));
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        List<Map.Entry<String, String>> raw = new ArrayList<>();
        try {
            EntityState state = tokens.getState();
            while (state != EntityState.T_BODY && state != EntityState.T_END_OF_STREAM) {
                if (state == EntityState.T_FIELD) {
                    Field field = tokens.getField();
                    String name = field.getName().trim().toLowerCase(Locale.ROOT);
                    String unfolded = unfolded(field);
                    fields.add(Map.entry(name, decoded(unfolded)));
                    raw.add(Map.entry(name, unfolded.strip()));
                }
                state = tokens.next();
            }
        } catch (MimeException tooMany) {
            // more fields than allowed: the tests see those read so far
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return new MessageHeader(List.copyOf(fields), List.copyOf(raw));
    }

    private static String unfolded(Field field) {
        ByteSequence raw = field.getRaw();
        String text;
        if (raw != null) {
            String whole = new String(raw.toByteArray(), StandardCharsets.UTF_8);
            int colon = whole.indexOf(':');
            text = colon < 0 ? "" : whole.substring(colon + 1);
        } else {
            text = field.getBody() == null ? "" : field.getBody();
        }
        return text.replaceAll("\r?\n(?=[ \t])", "").replace("\r", "").replace("\n", "");
    }

    private static String decoded(String unfolded) {
        try {
            return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT).strip();
        } catch (IllegalArgumentException undecodable) {
            return unfolded.strip();
        }
    }

    /** The values of the fields called {@code name}, in order; empty when there is none. */
    public List<String> values(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return fields.stream().filter(f -> f.getKey().equals(lower)).map(Map.Entry::getValue).toList();
    }

    /**
     * The values of the fields called {@code name} unfolded, with their encoded words as sent: what
     * an address parser needs (RFC 2047 5: encoded words stand for phrases, never for addresses).
     */
    public List<String> rawValues(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return raw.stream().filter(f -> f.getKey().equals(lower)).map(Map.Entry::getValue).toList();
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? null : v.getFirst();
    }

    public boolean has(String name) {
        return !values(name).isEmpty();
    }

    /** The field names present, lower case, each once, in order of first appearance. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.getKey()));
        return List.copyOf(names);
    }
}
