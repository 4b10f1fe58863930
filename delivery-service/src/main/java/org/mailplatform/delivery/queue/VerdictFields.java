package org.mailplatform.delivery.queue;

import org.mailplatform.model.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header fields of a message's {@link InboundMessage.Verdict} (smtp-ingress's
 * {@code Authentication-Results}, RFC 8601), as delivery puts them above the message: in the stored
 * prefix after {@code Return-Path} and {@code Delivered-To}, and in front of a relayed message.
 *
 * <p>The fields come from our own intake, but they end up in the middle of a header that mail
 * clients, IMAP's parser and remote servers read: a bare CR or LF, an empty line (the end of the
 * header) or a missing final CRLF would glue them to the message's first field or cut its header
 * short. Malformed fields are therefore dropped, with a warning, rather than failing a delivery that
 * is otherwise fine: the message then arrives as it would have before there was a verdict.
 */
public final class VerdictFields {

    private static final Logger log = LoggerFactory.getLogger(VerdictFields.class);
    private static final byte[] NONE = new byte[0];

    /**
     * Far above what an {@code Authentication-Results} of several signatures needs, far below what
     * would weigh on a message document (the stored prefix lives in it).
     */
    static final int MAX_LENGTH = 16 * 1024;

    private VerdictFields() {
    }

    /** The fields to add above {@code message}: empty without a verdict or when they are malformed. */
    public static byte[] of(InboundMessage message) {
        InboundMessage.Verdict verdict = message.verdict();
        if (verdict == null || verdict.fields().isEmpty()) {
            return NONE;
        }
        String problem = problem(verdict.fields());
        if (problem != null) {
            log.warn("{}: verdict header fields dropped, {}: {}", message.id(), problem,
                    abbreviated(verdict.fields()));
            return NONE;
        }
        return verdict.fieldBytes();
    }

    /** Whether local delivery files the message as junk. */
    public static boolean junk(InboundMessage message) {
        return message.verdict() != null && message.verdict().junk();
    }

    /** Why {@code fields} cannot go into a header as they are (RFC 5322 2.2, 3.6.8), or null. */
    static String problem(String fields) {
        if (fields.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (!fields.endsWith("\r\n")) {
            return "no final CRLF";
        }
        String[] lines = fields.substring(0, fields.length() - 2).split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (int j = 0; j < line.length(); j++) {
                char c = line.charAt(j);
                if (c == '\r' || c == '\n') {
                    return "bare CR or LF";
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    return "control character";
                }
            }
            if (line.isBlank()) {
                // an empty line ends the header; a line of blanks is one to many parsers
                return "empty line";
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && i == 0) {
                return "starts with a folded line";
            }
            if (!continuation && !fieldName(line)) {
                return "not a header field";
            }
        }
        return null;
    }

    /** {@code line} starts with a field name (printable ASCII but colon) followed by a colon. */
    private static boolean fieldName(String line) {
        int colon = line.indexOf(':');
        if (colon < 1) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = line.charAt(i);
            if (c < 33 || c > 126) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviated(String fields) {
        String visible = fields.replace("\r", "\\r").replace("\n", "\\n");
        return visible.length() <= 200 ? visible : visible.substring(0, 200) + "...";
    }
}
