package org.mailplatform.mailctl;

import java.util.Locale;

/** Byte sizes as people type them: {@code 500M}, {@code 10G}, {@code 1048576}, {@code unlimited}. */
final class Sizes {

    private Sizes() {
    }

    /** {@code null} for "unlimited". */
    static Long parse(String text) {
        String value = text.strip().toUpperCase(Locale.ROOT);
        if (value.equals("UNLIMITED") || value.equals("NONE")) {
            return null;
        }
        long factor = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String digits = factor == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long number = Long.parseLong(digits);
            if (number < 0) {
                throw new IllegalArgumentException("size must not be negative: " + text);
            }
            return Math.multiplyExact(number, factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size: " + text + " (examples: 1048576, 500M, 10G, unlimited)");
        }
    }
}
