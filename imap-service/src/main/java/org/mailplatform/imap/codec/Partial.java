package org.mailplatform.imap.codec;

/**
 * {@code <offset.length>} after a section (RFC 9051 section 6.4.5): only those octets are
 * returned, and the response names the section {@code <offset>}.
 */
public record Partial(long offset, long length) {

    public Partial {
        if (offset < 0 || length < 1) {
            throw new ImapSyntaxException("invalid partial <" + offset + "." + length + ">");
        }
    }
}
