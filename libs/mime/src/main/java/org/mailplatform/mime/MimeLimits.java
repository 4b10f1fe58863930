package org.mailplatform.mime;

/**
 * Limits that keep parsing of hostile mail bounded in memory and in summary size. Content beyond a
 * limit is never lost: it stays in the message and in the byte ranges of the enclosing part, it is
 * just not described in more detail.
 *
 * @param maxDepth       deepest nesting of multipart and message/rfc822 entities that is
 *                       expanded (default 30). A deeper multipart becomes a text/plain leaf. The
 *                       summary is stored as a MongoDB document, whose nesting limit is 100 levels;
 *                       each entity level costs up to three.
 * @param maxParts       most entities described in one message (default 5,000); further
 *                       sub-parts of a multipart become part of its epilogue
 * @param maxHeaderBytes most bytes of one entity's header that are parsed (default 256 KiB); the
 *                       rest of a larger header is skipped (still counted in the offsets)
 * @param maxIndexedHeaderBytes most bytes of top-level header fields kept in the header index
 *                       (default 64 KiB)
 */
public record MimeLimits(int maxDepth, int maxParts, int maxHeaderBytes, int maxIndexedHeaderBytes) {

    /** The defaults described above. */
    public static final MimeLimits DEFAULTS = new MimeLimits(30, 5_000, 256 * 1024, 64 * 1024);

    public MimeLimits {
        if (maxDepth < 1 || maxParts < 1 || maxHeaderBytes < 1024 || maxIndexedHeaderBytes < 0) {
            throw new IllegalArgumentException("MIME limits too small: " + maxDepth + "/" + maxParts + "/"
                    + maxHeaderBytes + "/" + maxIndexedHeaderBytes);
        }
    }
}
