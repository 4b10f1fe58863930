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
}
