package org.mailplatform.delivery.local;

import java.nio.charset.StandardCharsets;

import org.mailplatform.delivery.queue.LocalDelivery;

/**
 * The header lines the final delivery adds in front of the message: {@code Return-Path} with the
 * envelope sender (RFC 5321 section 4.4) and {@code Delivered-To} with the mailbox address (as
 * Postfix and Dovecot add it; also how loops through forwarding are recognised).
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    static byte[] prefix(LocalDelivery d) {
        String header = "Return-Path: <" + clean(d.message().mailFrom()) + ">\r\n"
                + "Delivered-To: " + clean(d.principal().address()) + "\r\n";
        return header.getBytes(StandardCharsets.UTF_8);
    }

    /** Addresses come from our own records, but a header must never contain a line break. */
    private static String clean(String s) {
        return s.replaceAll("[\\r\\n]", "");
    }
}
