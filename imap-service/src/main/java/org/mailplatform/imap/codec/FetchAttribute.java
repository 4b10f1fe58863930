package org.mailplatform.imap.codec;

/**
 * One item of a FETCH request (RFC 9051 section 6.4.5; MODSEQ from RFC 7162; EMAILID and THREADID
 * from RFC 8474). The macros ALL, FAST and FULL are expanded by the parser.
 */
public sealed interface FetchAttribute {

    record Flags() implements FetchAttribute {
    }

    record InternalDate() implements FetchAttribute {
    }

    record Rfc822Size() implements FetchAttribute {
    }

    record Envelope() implements FetchAttribute {
    }

    /** BODYSTRUCTURE ({@code extended}) or BODY without a section (the non-extensible form). */
    record BodyStructure(boolean extended) implements FetchAttribute {
    }

    record Uid() implements FetchAttribute {
    }

    record ModSeq() implements FetchAttribute {
    }

    record EmailId() implements FetchAttribute {
    }

    record ThreadId() implements FetchAttribute {
    }

    /**
     * {@code BODY[section]<partial>} and {@code BODY.PEEK[...]}; also the RFC 3501 forms
     * {@code RFC822} (= BODY[]), {@code RFC822.HEADER} (= BODY.PEEK[HEADER]) and {@code RFC822.TEXT}
     * (= BODY[TEXT]), which keep their own name in the response ({@code legacyName}).
     *
     * @param partial    or {@code null}
     * @param legacyName {@code RFC822}, {@code RFC822.HEADER}, {@code RFC822.TEXT} or {@code null}
     */
    record BodySection(Section section, Partial partial, boolean peek, String legacyName) implements FetchAttribute {
    }

    /** {@code BINARY[part]<partial>} and {@code BINARY.PEEK} (RFC 3516): the part decoded. */
    record Binary(Section section, Partial partial, boolean peek) implements FetchAttribute {
    }

    /** {@code BINARY.SIZE[part]} (RFC 3516). */
    record BinarySize(Section section) implements FetchAttribute {
    }
}
