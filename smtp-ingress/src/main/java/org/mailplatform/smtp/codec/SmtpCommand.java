package org.mailplatform.smtp.codec;

import java.util.List;

/**
 * A parsed SMTP command (RFC 5321 section 4.1.1 and the extensions the server offers). One record
 * per command; the session switches on the type and never looks at strings.
 */
public sealed interface SmtpCommand {

    /** The verb as the metrics and logs name it. */
    default String verb() {
        return getClass().getSimpleName().toUpperCase();
    }

    /** {@code EHLO domain} (RFC 5321 4.1.1.1). */
    record Ehlo(String domain) implements SmtpCommand {
    }

    /** {@code HELO domain}. */
    record Helo(String domain) implements SmtpCommand {
    }

    /**
     * {@code MAIL FROM:<reverse-path> [params]} (RFC 5321 4.1.1.2).
     *
     * @param from     the reverse-path without brackets; empty for the null sender
     * @param size     SIZE= (RFC 1870), or -1
     * @param body     BODY= value upper-cased ({@code 7BIT}, {@code 8BITMIME}, {@code BINARYMIME}), or null
     * @param smtpUtf8 the SMTPUTF8 parameter (RFC 6531)
     * @param ret      RET= ({@code FULL}/{@code HDRS}, RFC 3461), or null
     * @param envid    ENVID= with xtext decoded, or null
     */
    record Mail(String from, long size, String body, boolean smtpUtf8, String ret, String envid) implements SmtpCommand {
    }

    /**
     * {@code RCPT TO:<forward-path> [params]} (RFC 5321 4.1.1.3).
     *
     * @param to     the forward-path without brackets (source route removed); {@code Postmaster}
     *               may come without a domain
     * @param notifyOn NOTIFY= values upper-cased (RFC 3461), empty if absent
     * @param orcpt  ORCPT= as {@code type;address} with xtext decoded, or null
     */
    record Rcpt(String to, List<String> notifyOn, String orcpt) implements SmtpCommand {
    }

    /** {@code DATA}. */
    record Data() implements SmtpCommand {
    }

    /** {@code BDAT size [LAST]} (RFC 3030). */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }

    /** {@code RSET}. */
    record Rset() implements SmtpCommand {
    }

    /** {@code NOOP [string]}. */
    record Noop() implements SmtpCommand {
    }

    /** {@code QUIT}. */
    record Quit() implements SmtpCommand {
    }

    /** {@code HELP [topic]}. */
    record Help(String topic) implements SmtpCommand {
    }

    /** {@code VRFY string}. */
    record Vrfy(String argument) implements SmtpCommand {
    }

    /** {@code EXPN string}. */
    record Expn(String argument) implements SmtpCommand {
    }

    /** {@code STARTTLS} (RFC 3207). */
    record StartTls() implements SmtpCommand {
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 4954).
     *
     * @param mechanism       upper-cased mechanism name
     * @param initialResponse the base64 initial response ({@code =} for an empty one), or null
     */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
    }
}
