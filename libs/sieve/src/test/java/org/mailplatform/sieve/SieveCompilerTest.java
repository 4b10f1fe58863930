package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SieveCompilerTest {

    private final SieveCompiler compiler = new SieveCompiler();

    @Test
    void aScriptWithTheOfferedExtensionsCompiles() {
        assertThat(compiler.problem("""
                require ["fileinto", "vacation", "envelope", "reject", "body"];
                if header :contains "subject" "[list]" { fileinto "Lists"; stop; }
                if envelope :is "from" "boss@example.com" { keep; }
                if body :text :contains "unsubscribe" { discard; }
                vacation :days 7 :subject "Away" "Back on Monday.";
                """)).isEmpty();
    }

    @Test
    void syntaxErrorsAndUnknownCommandsAreExplained() {
        assertThat(compiler.problem("if header :contains \"subject\" \"x\" { fileinto \"A\" }")).isPresent();
        assertThat(compiler.problem("frobnicate;")).hasValueSatisfying(p -> assertThat(p).containsIgnoringCase("frobnicate"));
        assertThat(compiler.problem("log \"x\";")).isPresent();
        assertThat(compiler.problem("if header :contains \"subject\" \"unterminated { keep; }")).isPresent();
    }

    /** Found by an adversarial review: 6000 nested ifs (54 KB) overflowed jSieve's recursive parser. */
    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        assertThat(compiler.problem("if true {".repeat(6000) + "}".repeat(6000)))
                .hasValueSatisfying(p -> assertThat(p).contains("nested too deeply"));
        assertThat(compiler.problem("if " + "anyof(".repeat(9000) + "true" + ")".repeat(9000) + " { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("nested too deeply"));
        assertThat(compiler.problem("if " + "not ".repeat(15000) + "true { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("nested too deeply"));
    }

    @Test
    void nestingUpToTheLimitCompilesOneMoreDoesNot() {
        int max = SieveCompiler.MAX_NESTING;
        assertThat(compiler.problem("if true {".repeat(max) + "keep;" + "}".repeat(max))).isEmpty();
        assertThat(compiler.problem("if true {".repeat(max + 1) + "keep;" + "}".repeat(max + 1))).isPresent();
        // the if's own test counts: 31 anyofs around true are 32 tests
        assertThat(compiler.problem("if " + "anyof(".repeat(max - 1) + "true" + ")".repeat(max - 1) + " { keep; }"))
                .isEmpty();
        assertThat(compiler.problem("if " + "anyof(".repeat(max) + "true" + ")".repeat(max) + " { keep; }"))
                .isPresent();
    }
}
