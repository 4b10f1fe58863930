package org.mailplatform.mime;

import java.util.List;

/**
 * What the platform knows about a message after parsing it once at delivery or APPEND: stored with
 * the message, so FETCH ENVELOPE, BODYSTRUCTURE, RFC822.SIZE and header searches never read the
 * blob, and BODY[section] reads only the byte range it needs (see {@link SectionLocator}).
 *
 * @param size     the message size in bytes (RFC822.SIZE)
 * @param lines    the number of lines of the whole message
 * @param envelope the IMAP envelope of the top-level header
 * @param body     the top-level entity, with every sub-part
 * @param headers  the top-level header fields, in order, up to {@link MimeLimits#maxIndexedHeaderBytes()}
 * @param partCount the number of entities described in {@code body}
 * @param defects  what was wrong with the message and how it was repaired (empty for clean mail);
 *                 for logs and metrics, never an error
 */
public record MessageSummary(long size, long lines, Envelope envelope, BodyPart body, List<HeaderField> headers,
                             int partCount, List<String> defects) {

    public MessageSummary {
        headers = List.copyOf(headers);
        defects = List.copyOf(defects);
    }

    /** The first top-level header value named {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (HeaderField f : headers) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** All top-level header values named {@code name} (case-insensitive). */
    public List<String> headers(String name) {
        return headers.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(HeaderField::value).toList();
    }
}
