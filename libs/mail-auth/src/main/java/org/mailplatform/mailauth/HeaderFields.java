package org.mailplatform.mailauth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.ByteSequence;
import org.mailplatform.mime.HeaderAddresses;

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
    private boolean complete = true;

    /**
     * The fields of a received header captured from the wire (CRLF line ends, without the empty
     * line that ends it), for verification. A field that is not valid UTF-8 is read as Latin-1: a
     * signature over it then fails, but its {@code From} still counts for DMARC (leaving the field
     * out would let a sender escape DMARC with one stray byte). A header with more than
     * {@code maxFields} fields is read up to there and marked {@linkplain #complete() incomplete}.
     */
    public static HeaderFields parse(byte[] header, int maxFields) {
        HeaderFields fields = new HeaderFields();
        MimeTokenStream tokens = new MimeTokenStream(MimeConfig.custom().setMaxHeaderCount(maxFields)
                .setMaxHeaderLen(-1).setMaxLineLen(-1).build());
        tokens.setRecursionMode(RecursionMode.M_FLAT);
        byte[] withEnd = new byte[header.length + 2];
        System.arraycopy(header, 0, withEnd, 0, header.length);
        withEnd[header.length] = '\r';
        withEnd[header.length + 1] = '\n';
        tokens.parse(new ByteArrayInputStream(withEnd));
        try {
            EntityState state = tokens.getState();
            while (state != EntityState.T_BODY && state != EntityState.T_END_OF_STREAM) {
                if (state == EntityState.T_FIELD && !fields.add(tokens.getField()) && tokens.getField().getRaw() != null) {
                    fields.fields.add(new String(tokens.getField().getRaw().toByteArray(), StandardCharsets.ISO_8859_1));
                }
                state = tokens.next();
            }
        } catch (MimeException e) {
            fields.complete = false; // more fields than allowed: what was read is kept
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return fields;
    }

    /** Whether every field of the header is here (none beyond the limit). */
    public boolean complete() {
        return complete;
    }

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

    /**
     * The domain of the only address in the only {@code From} field, lower case, A-label form; null
     * when there is no such field, several, or not exactly one address with a domain.
     */
    public String fromDomain() {
        String from = single("from");
        if (from == null) {
            return null;
        }
        AddressList list = HeaderAddresses.parse(from);
        if (list == null || list.size() != 1 || !(list.get(0) instanceof Mailbox mailbox)) {
            return null;
        }
        return asciiDomain(mailbox);
    }

    /**
     * The distinct domains of every address of every {@code From} field (lower case, A-labels), in
     * order; a message whose {@code From} is not one address yields several or none. An address
     * without a usable domain counts as {@code null} in the list.
     */
    public List<String> fromDomains() {
        List<String> domains = new ArrayList<>();
        for (String field : getFields("from")) {
            AddressList list = HeaderAddresses.parse(field.substring(field.indexOf(':') + 1).replaceAll("\r\n([ \t])", "$1"));
            if (list == null || list.isEmpty()) {
                addOnce(domains, null);
                continue;
            }
            for (Mailbox mailbox : list.flatten()) {
                addOnce(domains, asciiDomain(mailbox));
            }
        }
        return domains;
    }

    private static void addOnce(List<String> domains, String domain) {
        if (!domains.contains(domain)) {
            domains.add(domain);
        }
    }

    private static String asciiDomain(Mailbox mailbox) {
        if (mailbox.getDomain() == null || mailbox.getDomain().isBlank()) {
            return null;
        }
        try {
            return IDN.toASCII(mailbox.getDomain().trim(), IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return (colon < 0 ? field : field.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
    }
}
