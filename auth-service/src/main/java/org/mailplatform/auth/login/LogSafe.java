package org.mailplatform.auth.login;

/**
 * Makes client-supplied text safe to log: control characters (CR, LF, ESC...) become {@code ?}, so
 * a login name cannot forge log lines, and overlong text is cut.
 */
public final class LogSafe {

    private static final int MAX = 320;

    private LogSafe() {
    }

    public static String text(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX));
        value.codePoints().limit(MAX).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
