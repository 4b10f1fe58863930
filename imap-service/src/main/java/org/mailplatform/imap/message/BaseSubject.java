package org.mailplatform.imap.message;

import java.util.Locale;

import org.mailplatform.mime.EncodedWords;

/**
 * The base subject of RFC 5256 section 2.1, for SORT SUBJECT: encoded words decoded, white space
 * collapsed, then reply and forward markers ({@code Re:}, {@code Fw:}, {@code Fwd:}, leading
 * {@code [blob]}s, trailing {@code (fwd)}, {@code [fwd: ...]} wrappers) removed until none is left,
 * compared case-insensitively. THREAD also needs to know whether a marker of a reply or forward was
 * among what was removed (section 2.1, and step 5 of REFERENCES).
 *
 * @param text           the base subject, lower case
 * @param replyOrForward whether a {@code Re:}/{@code Fwd:} prefix, a {@code (fwd)} trailer or a
 *                       {@code [fwd: ...]} wrapper was removed
 */
record BaseSubject(String text, boolean replyOrForward) {

    static String of(String subject) {
        return parse(subject).text();
    }

    static BaseSubject parse(String subject) {
        if (subject == null) {
            return new BaseSubject("", false);
        }
        String s = EncodedWords.decode(subject).replaceAll("[\\t\\r\\n ]+", " ").strip();
        boolean marker = false;
        String before;
        do {
            before = s;
            // trailing (fwd) markers
            while (s.toLowerCase(Locale.ROOT).endsWith("(fwd)")) {
                s = s.substring(0, s.length() - 5).strip();
                marker = true;
            }
            // leading subj-refwd ("re:", "fw:", "fwd:", with optional [blob]) and leading [blob]s
            String withoutPrefix = s.replaceFirst("(?i)^((re|fwd?)\\s*(\\[[^\\[\\]]*\\])?\\s*:\\s*)", "");
            marker |= !withoutPrefix.equals(s);
            s = withoutPrefix;
            String withoutBlob = s.replaceFirst("^\\[[^\\[\\]]*\\]\\s*", "");
            if (!withoutBlob.isEmpty()) {
                s = withoutBlob;
            }
            // [fwd: subject] wrapper
            if (s.toLowerCase(Locale.ROOT).startsWith("[fwd:") && s.endsWith("]")) {
                s = s.substring(5, s.length() - 1).strip();
                marker = true;
            }
        } while (!s.equals(before));
        return new BaseSubject(s.toLowerCase(Locale.ROOT), marker);
    }
}
