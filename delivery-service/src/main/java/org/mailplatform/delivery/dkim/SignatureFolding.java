package org.mailplatform.delivery.dkim;

/**
 * Folds jDKIM's one-line {@code DKIM-Signature} field (about 600 characters with a 2048-bit key,
 * near RFC 5322's 998-character line limit with 4096 bits) into lines of at most about 78.
 *
 * <p>Only whitespace that relaxed header canonicalization (RFC 6376 3.4.2) turns back into what
 * was signed is added: a line break before a tag, where jDKIM put one space, and breaks inside the
 * {@code b=} value, which verifiers remove with its whitespace before hashing. Nothing is inserted
 * inside another tag's value, so the field verifies exactly as jDKIM signed it.
 */
final class SignatureFolding {

    private static final int WIDTH = 76;

    private SignatureFolding() {
    }

    /** {@code "DKIM-Signature: v=1; a=...; b=...;"} → folded lines with CRLF after the last. */
    static String fold(String field) {
        String[] tags = field.substring(field.indexOf(':') + 1).trim().split(";\\s*");
        StringBuilder out = new StringBuilder("DKIM-Signature:");
        int lineLength = out.length();
        for (String tag : tags) {
            if (tag.isEmpty()) {
                continue;
            }
            String text = tag + ";";
            if (tag.startsWith("b=")) {
                out.append("\r\n\t");
                lineLength = 1;
                String value = text;
                while (value.length() > WIDTH) {
                    out.append(value, 0, WIDTH).append("\r\n\t");
                    value = value.substring(WIDTH);
                }
                out.append(value);
                lineLength += value.length();
            } else if (lineLength + 1 + text.length() > WIDTH) {
                out.append("\r\n\t").append(text);
                lineLength = 1 + text.length();
            } else {
                out.append(' ').append(text);
                lineLength += 1 + text.length();
            }
        }
        return out.append("\r\n").toString();
    }
}
