package org.mailplatform.mime;

import java.util.List;
import java.util.Locale;

/**
 * One MIME entity of a message with everything IMAP BODYSTRUCTURE needs (RFC 9051 section 7.5.2,
 * RFC 3501 section 7.4.2) and where its bytes are. The top-level entity is the message itself.
 *
 * <p>Offsets are absolute byte positions in the whole message: the entity's header runs from
 * {@code headerOffset} to {@code bodyOffset} (blank separator line included), its body from
 * {@code bodyOffset} for {@code bodySize} bytes. As RFC 2046 says, the line break before a boundary
 * delimiter belongs to the delimiter, not to the body.
 *
 * @param type        media type, lower case ({@code text}; default {@code text}, or {@code message}
 *                    inside multipart/digest)
 * @param subtype     media subtype, lower case ({@code plain})
 * @param params      Content-Type parameters in header order
 * @param id          Content-ID, or null
 * @param description Content-Description (raw), or null
 * @param encoding    Content-Transfer-Encoding, upper case (default {@code 7BIT})
 * @param headerOffset offset of the entity's first header byte
 * @param bodyOffset  offset of the entity's first body byte
 * @param bodySize    body size in bytes, as transferred (encoded)
 * @param lines       body size in lines (line breaks, plus one for a last line without one)
 * @param md5         Content-MD5, or null
 * @param disposition Content-Disposition, or null
 * @param languages   Content-Language tags, empty if absent
 * @param location    Content-Location, or null
 * @param parts       the sub-parts of a multipart, in order; empty for any other type
 * @param envelope    for message/rfc822 (and message/global): the envelope of the enclosed message
 * @param message     for message/rfc822 (and message/global): the enclosed message's top entity
 */
public record BodyPart(String type, String subtype, List<Param> params, String id, String description,
                       String encoding, long headerOffset, long bodyOffset, long bodySize, long lines,
                       String md5, Disposition disposition, List<String> languages, String location,
                       List<BodyPart> parts, Envelope envelope, BodyPart message) {

    public BodyPart {
        params = List.copyOf(params);
        languages = List.copyOf(languages);
        parts = List.copyOf(parts);
    }

    /** True for {@code multipart/*} with at least one part. */
    public boolean isMultipart() {
        return "multipart".equals(type) && !parts.isEmpty();
    }

    /** True for an encapsulated message whose structure was parsed. */
    public boolean isMessage() {
        return message != null;
    }

    /** True for {@code text/*}: BODYSTRUCTURE then carries a line count. */
    public boolean isText() {
        return "text".equals(type);
    }

    /** The header size in bytes, blank line included. */
    public long headerSize() {
        return bodyOffset - headerOffset;
    }

    /** The offset just after the body. */
    public long bodyEnd() {
        return bodyOffset + bodySize;
    }

    /** {@code type/subtype}. */
    public String mimeType() {
        return type + "/" + subtype;
    }

    /** The value of Content-Type parameter {@code name} (case-insensitive), or null. */
    public String param(String name) {
        return find(params, name);
    }

    /** The charset parameter, or null. */
    public String charset() {
        return param("charset");
    }

    /** The file name from Content-Disposition or, failing that, the Content-Type name. */
    public String fileName() {
        String name = disposition == null ? null : disposition.param("filename");
        return name != null ? name : param("name");
    }

    static String find(List<Param> params, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Param p : params) {
            if (p.name().equals(lower)) {
                return p.value();
            }
        }
        return null;
    }
}
