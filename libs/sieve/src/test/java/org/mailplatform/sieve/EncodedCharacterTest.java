package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.FileInto;

/** The {@code encoded-character} extension (RFC 5228 2.4.2.4). */
class EncodedCharacterTest {

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // RFC 5228 2.4.2.4's examples: "$${hex:40}" is "$@", "${hex: 40 }" "@"
            "$${hex:40} | $@", "${hex: 40 } | @", "${HEX:40} | @", "${hex:4 40 041} | ${hex:4 40 041}",
"${hex:} | ${hex:}", "${hex:zz} | ${hex:zz}", "${hex:40 | ${hex:40",
            "${unicode:40} | @", "${Unicode: 1F600 } | \uD83D\uDE00", "${unicode:0000000041} | A",
            "${unicode:40}${hex:41} | @A", "${hex:C3 A9} | é", "${hex:24}{hex:40} | ${hex:40}",
            "${hex:7B} | {", "a${b}c | a${b}c", "${unicode:40 x} | ${unicode:40 x}"})
    void decodes(String written, String decoded) throws Exception {
        assertThat(EncodedCharacters.decode(written)).isEqualTo(decoded);
    }

    @Test
    void oneDigitOctetsAndControls() throws Exception {
        assertThat(EncodedCharacters.decode("${hex:4 40 41}")).isEqualTo("\u0004@A");
    }

    @Test
    void aCodePointNoCharacterHasDoesNotCompile() {
        for (String bad : new String[] {"D800", "DFFF", "110000", "1234567"}) {
            assertThatThrownBy(() -> EncodedCharacters.decode("${unicode:" + bad + "}"))
                    .isInstanceOf(EncodedCharacters.Invalid.class);
        }
        assertThat(compiler.problem("require [\"encoded-character\", \"fileinto\"];\n\nfileinto \"${unicode:D800}\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 3", "no Unicode character"));
    }

    @Test
    void stringsAreDecodedOnlyWhenRequiredAndBeforeTheChecks() throws Exception {
        byte[] bytes = "Subject: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        SieveMessage m = new SieveMessage(bytes, bytes.length, "a@example.org", "bob@local.test", null);
        assertThat(runner.run(compiler.compile("require [\"encoded-character\", \"fileinto\"];\n"
                + "if header :is \"subject\" \"${hex:78}\" { fileinto \"caf${unicode:e9}\"; }"), m).actions())
                .containsExactly(new FileInto("café", Set.of(), false));
        assertThat(runner.run(compiler.compile("require \"fileinto\";\nfileinto \"caf${unicode:e9}\";"), m).actions())
                .containsExactly(new FileInto("caf${unicode:e9}", Set.of(), false));
        // the flag check sees the decoded name: a space is no keyword character
        assertThat(compiler.problem("require [\"encoded-character\", \"imap4flags\"];\naddflag \"a${hex:20}b c${hex:29}\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "no IMAP flag"));
        assertThat(compiler.problem("require \"encoded-character\";\nencoded-character;")).isPresent(); // no identifier
        assertThat(SieveCompiler.EXTENSIONS).contains("encoded-character");
    }

    @Test
    void decodingIsLinear() throws Exception {
        String many = "${hex:".repeat(20_000) + "}";
        long start = System.nanoTime();
        assertThat(EncodedCharacters.decode(many)).isEqualTo("${hex:".repeat(19_999) + "${hex:}");
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
