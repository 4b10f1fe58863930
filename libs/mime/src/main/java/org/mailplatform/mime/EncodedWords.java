package org.mailplatform.mime;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.EncoderUtil;

/** RFC 2047 encoded words, leniently: malformed words are left as they are, never an exception. */
public final class EncodedWords {

    private EncodedWords() {
    }

    /** {@code text} with every well-formed encoded word decoded. */
    public static String decode(String text) {
        if (text == null || !text.contains("=?")) {
            return text;
        }
        try {
            return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** {@code text} as it may appear in a 7-bit header phrase: unchanged if ASCII, else encoded words. */
    public static String encodePhrase(String text) {
        if (text == null || text.chars().allMatch(c -> c < 0x80)) {
            return text;
        }
        return EncoderUtil.encodeEncodedWord(text, EncoderUtil.Usage.TEXT_TOKEN);
    }
}
