package org.mailplatform.smtp.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** RFC 3461 section 4 xtext: printable ASCII, with {@code +XX} for everything else. */
final class Xtext {

    private Xtext() {
    }

    static String decode(String xtext) throws SmtpSyntaxException {
        if (xtext == null || xtext.isEmpty()) {
            throw SmtpCommandParser.badArguments("Empty xtext value");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+') {
                if (i + 2 >= xtext.length()) {
                    throw SmtpCommandParser.badArguments("Invalid xtext " + xtext);
                }
                int hi = Character.digit(xtext.charAt(i + 1), 16);
                int lo = Character.digit(xtext.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw SmtpCommandParser.badArguments("Invalid xtext " + xtext);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                throw SmtpCommandParser.badArguments("Invalid xtext " + xtext);
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
