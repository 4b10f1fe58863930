package org.mailplatform.delivery.outbound;

import java.nio.charset.StandardCharsets;

/** The xtext encoding of ENVID and ORCPT (RFC 3461 section 4). */
final class Xtext {

    private Xtext() {
    }

    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 33 && c <= 126 && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
