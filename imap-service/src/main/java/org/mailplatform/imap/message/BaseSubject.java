package org.mailplatform.imap.message;

import java.util.Locale;

import org.mailplatform.mime.EncodedWords;

/**
 * The base subject of RFC 5256 section 2.1, for SORT SUBJECT: encoded words decoded, white space
 * collapsed, then reply and forward markers ({@code Re:}, {@code Fw:}, {@code Fwd:}, leading
 * {@code [blob]}s, trailing {@code (fwd)}, {@code [fwd: ...]} wrappers) removed until none is left,
 * compared case-insensitively.
 */
final class BaseSubject {

    private BaseSubject() {
    }

    static String of(String subject) {
        if (subject == null) {
            return "";
        }
        String s = EncodedWords.decode(subject).replaceAll("[\\t\\r\\n ]+", " ").strip();
        String before;
        do {
            before = s;
            // trailing (fwd) markers
            while (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                s = s.substring(0, s.length() - 5).strip();
            }
            // leading subj-refwd ("re:", "fw:", "fwd:", with optional [blob]) and leading [blob]s
            s = s.replaceFirst("(?i)^((re|fwd?)\\s*(\\[[^\\[\\]]*\\])?\\s*:\\s*)", "");
            String withoutBlob = s.replaceFirst("^\\[[^\\[\\]]*\\]\\s*", "");
            if (!withoutBlob.isEmpty()) {
                s = withoutBlob;
            }
            // [fwd: subject] wrapper
            if (s.toLowerCase(Locale.ROOT).startsWith("[fwd:") && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).strip();
            }
        } while (!s.equals(before));
        return s.toLowerCase(Locale.ROOT);
    }
}
