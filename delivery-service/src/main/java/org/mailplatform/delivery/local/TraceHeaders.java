package org.mailplatform.delivery.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.VerdictFields;

/**
 * The header lines the final delivery adds in front of the message: {@code Return-Path} with the
 * envelope sender (RFC 5321 section 4.4) and {@code Delivered-To} with the mailbox address (as
 * Postfix and Dovecot add it; also how loops through forwarding are recognised), then the fields of
 * the intake's verdict ({@code Authentication-Results}, which RFC 8601 section 5 wants at the top
 * like trace fields; below ours because they were added earlier on the message's way, at the MX).
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    static byte[] prefix(LocalDelivery d) {
        String header = "Return-Path: <" + clean(d.message().mailFrom()) + ">\r\n"
                + "Delivered-To: " + clean(d.principal().address()) + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(VerdictFields.of(d.message()));
        return out.toByteArray();
    }

    /** Addresses come from our own records, but a header must never contain a line break. */
    private static String clean(String s) {
        return s.replaceAll("[\\r\\n]", "");
    }
}
