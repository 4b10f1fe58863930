package org.mailplatform.mime;

import java.util.List;

/**
 * The IMAP ENVELOPE of a message (RFC 9051 section 7.5.2, RFC 3501 section 7.4.2). String fields are
 * the unfolded header values as sent (null when the header is absent); the address lists are parsed.
 * As the RFC requires, {@code sender} and {@code replyTo} default to {@code from} when their headers
 * are absent or empty. Render with {@link ImapSyntax#envelope(Envelope, boolean)}.
 */
public record Envelope(String date, String subject, List<Address> from, List<Address> sender,
                       List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc,
                       String inReplyTo, String messageId) {

    /** The envelope of a message without any of these headers. */
    public static final Envelope EMPTY =
            new Envelope(null, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null, null);

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    /** The subject with RFC 2047 encoded words decoded (for display and search), or null. */
    public String decodedSubject() {
        return subject == null ? null : EncodedWords.decode(subject);
    }
}
