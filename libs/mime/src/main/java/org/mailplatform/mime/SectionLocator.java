package org.mailplatform.mime;

import java.util.List;
import java.util.Optional;

/**
 * Finds the bytes of a FETCH section from a summary alone (RFC 9051 section 6.4.5), so the message
 * store can read just that range. Part numbering follows the RFC: part 1 of a non-multipart entity
 * is its body; the parts of an encapsulated message/rfc822 are numbered as that message's parts.
 */
public final class SectionLocator {

    private SectionLocator() {
    }

    /**
     * Where the section's bytes are.
     *
     * @return empty if the message has no such part (IMAP then returns an empty string)
     */
    public static Optional<Located> locate(MessageSummary summary, SectionSpec spec) {
        List<Integer> path = spec.path();
        Optional<BodyPart> found = part(summary, path);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        BodyPart part = found.get();
        boolean top = path.isEmpty();
        return switch (spec.text()) {
            case CONTENT -> Optional.of(top ? new Located(0, summary.size(), null)
                    : new Located(part.bodyOffset(), part.bodySize(), null));
            case MIME -> top ? Optional.empty() : Optional.of(new Located(part.headerOffset(), part.headerSize(), null));
            case HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT -> messageOf(part, top).map(m -> switch (spec.text()) {
                case TEXT -> new Located(m.bodyOffset(), m.bodySize(), null);
                case HEADER -> new Located(m.headerOffset(), m.headerSize(), null);
                default -> new Located(m.headerOffset(), m.headerSize(),
                        new HeaderFilter(spec.fieldNames(), spec.text() == SectionSpec.Text.HEADER_FIELDS_NOT));
            });
        };
    }

    /**
     * The entity a part number names (RFC 9051 section 6.4.5): the message itself for an empty
     * path; empty if the message has no such part.
     */
    public static Optional<BodyPart> part(MessageSummary summary, List<Integer> path) {
        BodyPart part = summary.body();
        for (int i = 0; i < path.size(); i++) {
            int n = path.get(i);
            if (i > 0 && part.isMessage()) {
                part = part.message();
            }
            if (part.isMultipart()) {
                if (n < 1 || n > part.parts().size()) {
                    return Optional.empty();
                }
                part = part.parts().get(n - 1);
            } else if (n != 1) {
                return Optional.empty();
            }
        }
        return Optional.of(part);
    }

    private static Optional<BodyPart> messageOf(BodyPart part, boolean top) {
        if (top) {
            return Optional.of(part);
        }
        return part.isMessage() ? Optional.of(part.message()) : Optional.empty();
    }

    /**
     * A located section: {@code length} bytes at {@code offset} of the message, to be passed through
     * {@code filter} when it is not null (HEADER.FIELDS).
     */
    public record Located(long offset, long length, HeaderFilter filter) {
    }
}
