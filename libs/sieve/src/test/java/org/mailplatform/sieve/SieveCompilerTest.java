package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

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

    @Test
    void theNewExtensionsAreOfferedAndCompile() {
        assertThat(SieveCompiler.EXTENSIONS).contains("copy", "imap4flags", "mailbox");
        assertThat(compiler.problem("""
                require ["fileinto", "copy", "imap4flags", "mailbox"];
                if header :contains "subject" "[list]" { fileinto :copy :create :flags ["\\\\Seen", "$List"] "Lists"; }
                addflag "\\\\Flagged Important";
                removeflag ["important"];
                setflag "\\\\Seen";
                if hasflag :contains :comparator "i;octet" "See" { keep :flags ""; }
                if hasflag ["\\\\seen", "x"] { redirect :copy "archive@example.com"; }
                if mailboxexists ["Work", "Work/Reports"] { fileinto :create "Work"; }
                """)).isEmpty();
    }

    @Test
    void anExtensionUsedWithoutItsRequireIsRefused() {
        Map<String, String> scripts = Map.of(
                "require \"fileinto\"; fileinto :copy \"A\";", "require \"copy\"",
                "redirect :copy \"a@b.test\";", "require \"copy\"",
                "require \"fileinto\"; fileinto :create \"A\";", "require \"mailbox\"",
                "keep :flags \"\\\\Seen\";", "require \"imap4flags\"",
                "addflag \"x\";", "require \"imap4flags\"",
                "if hasflag \"x\" { keep; }", "require \"imap4flags\"",
                "if mailboxexists \"A\" { keep; }", "require \"mailbox\"");
        scripts.forEach((script, needs) -> assertThat(compiler.problem(script)).as(script)
                .hasValueSatisfying(p -> assertThat(p).contains(needs)));
    }

    @Test
    void badArgumentsOfTheExtensionsAreRefusedWithTheLine() {
        String head = "require [\"fileinto\", \"copy\", \"imap4flags\", \"mailbox\"];\n";
        assertThat(compiler.problem(head + "copy;")).hasValueSatisfying(p -> assertThat(p).contains("line 2", "not a command"));
        assertThat(compiler.problem(head + "fileinto :copy :copy \"A\";")).hasValueSatisfying(p -> assertThat(p).contains("twice"));
        assertThat(compiler.problem(head + "fileinto \"A\" :copy;")).hasValueSatisfying(p -> assertThat(p).contains("before"));
        assertThat(compiler.problem(head + "fileinto :frob \"A\";")).hasValueSatisfying(p -> assertThat(p).contains(":frob"));
        assertThat(compiler.problem(head + "fileinto [\"A\", \"B\"];")).hasValueSatisfying(p -> assertThat(p).contains("single"));
        assertThat(compiler.problem(head + "fileinto :flags \"A\";")).isPresent();
        assertThat(compiler.problem(head + "redirect :copy;")).isPresent();
        assertThat(compiler.problem(head + "keep \"A\";")).isPresent();
        assertThat(compiler.problem(head + "if mailboxexists { keep; }")).isPresent();
        assertThat(compiler.problem(head + "if hasflag :is :contains \"a\" { keep; }")).hasValueSatisfying(p -> assertThat(p).contains("only one"));
        assertThat(compiler.problem(head + "if hasflag :count \"ge\" \"1\" { keep; }")).hasValueSatisfying(p -> assertThat(p).contains(":count"));
        // the variables forms: a variable name before the flags
        assertThat(compiler.problem(head + "setflag \"MyVar\" \"\\\\Seen\";")).hasValueSatisfying(p -> assertThat(p).contains("variables"));
        assertThat(compiler.problem(head + "if hasflag \"MyVar\" \"x\" { keep; }")).hasValueSatisfying(p -> assertThat(p).contains("variables"));
    }

    @Test
    void flagsThatAreNoImapFlagsAreRefusedOnesThatCannotBeSetAreAccepted() {
        String head = "require [\"fileinto\", \"imap4flags\"];\n";
        for (String bad : new String[] {"a(b", "quo\\\"te", "star*", "brace{", "pct%", "br]", "\\\\", "ümlaut", "a\tb"}) {
            assertThat(compiler.problem(head + "addflag \"" + bad + "\";")).as(bad)
                    .hasValueSatisfying(p -> assertThat(p).contains("line 2", "no IMAP flag"));
            assertThat(compiler.problem(head + "fileinto :flags [\"ok\", \"" + bad + "\"] \"A\";")).as(bad).isPresent();
        }
        // flags' syntax, but not settable: ignored when set (as Pigeonhole does)
        assertThat(compiler.problem(head + "addflag \"\\\\Recent \\\\Future $Label1 Junk-Report\";")).isEmpty();
        // hasflag's keys are patterns
        assertThat(compiler.problem(head + "if hasflag :matches \"*\" { keep; }")).isEmpty();
    }

    @Test
    void anUnknownTestIsRefusedWhenCompiledNotWhenRun() {
        assertThat(compiler.problem("if frobnicates \"x\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown test", "frobnicates"));
        assertThat(compiler.problem("if not anyof(true, exists \"x\", size :over 1K) { discard; }")).isEmpty();
    }

    @Test
    void specialUseIsOfferedAndItsAttributesMustBeOnes() {
        assertThat(SieveCompiler.EXTENSIONS).contains("special-use");
        String head = "require [\"fileinto\", \"mailbox\", \"special-use\", \"variables\"];\n";
        assertThat(compiler.problem(head + """
                fileinto :specialuse "\\\\Junk" "Spam";
                fileinto :specialuse "\\\\Archive" :create "Archive/2026";
                if specialuse_exists "\\\\Junk" { keep; }
                if specialuse_exists "Spam" ["\\\\Junk", "\\\\Trash"] { keep; }
                set "use" "\\\\Sent";
                fileinto :specialuse "${use}" "Sent";
                """)).isEmpty();
        assertThat(compiler.problem("require \"fileinto\"; fileinto :specialuse \"\\\\Junk\" \"Spam\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"special-use\""));
        assertThat(compiler.problem("if specialuse_exists \"\\\\Junk\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"special-use\""));
        assertThat(compiler.problem(head + "fileinto :specialuse \"Junk\" \"Spam\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "no special-use attribute"));
        assertThat(compiler.problem(head + "fileinto :specialuse [\"\\\\Junk\", \"\\\\Trash\"] \"Spam\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("one special-use attribute"));
        assertThat(compiler.problem(head + "if specialuse_exists [\"\\\\Junk\", \"\\\\Sp am\"] { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("no special-use attribute"));
        assertThat(compiler.problem(head + "if specialuse_exists [\"A\", \"B\"] \"\\\\Junk\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("single string"));
        assertThat(compiler.problem(head + "if specialuse_exists { keep; }")).isPresent();
    }
}
