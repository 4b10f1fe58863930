package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.FileInto;
import org.mailplatform.sieve.SieveAction.Keep;
import org.mailplatform.sieve.SieveAction.Redirect;
import org.mailplatform.sieve.SieveAction.Vacation;

/** The {@code variables} extension (RFC 5229): set, the string test, expansion, match variables, limits. */
class VariablesTest {

    private static final String MESSAGE = "From: Coyote <coyote@ACME.Example.COM>\r\nTo: bob@local.test\r\n"
            + "List-Id: Foo list <foo.example.org>\r\nSubject: [acme-users] [fwd] version 1.0 is out\r\n"
            + "X-Spam-Score: 7\r\n\r\nHello.\r\n";
    private static final String HEAD = "require [\"variables\", \"fileinto\", \"mailbox\", \"imap4flags\", \"vacation\","
            + " \"relational\", \"comparator-i;ascii-numeric\", \"envelope\"];\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script) {
        return run(runner, HEAD + script);
    }

    private SieveDecision run(SieveRunner r, String script) {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        try {
            return r.run(compiler.compile(script), new SieveMessage(bytes, bytes.length, "coyote@acme.example.com",
                    "bob@local.test", () -> new ByteArrayInputStream(bytes)));
        } catch (SieveScriptException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The mailbox the script files into: the expanded {@code target}, after {@code before}. */
    private String filed(String before, String target) {
        SieveDecision d = run(before + "\nfileinto \"" + target + "\";");
        assertThat(d.error()).isNull();
        return d.all(FileInto.class).getFirst().mailbox();
    }

    @Test
    void setAndExpandInFileintoTargets() {
        assertThat(filed("set \"folder\" \"Work\"; set \"sub\" \"Reports\";", "${folder}/${Sub}")).isEqualTo("Work/Reports");
        // unknown variables are empty; "${" that starts no reference is text
        assertThat(filed("", "a${nothing}b")).isEqualTo("ab");
        assertThat(filed("set \"x\" \"1\";", "${x!}${x}${")).isEqualTo("${x!}1${");
        // expansion is not recursive, and ${${x}} expands the inner one only
        assertThat(filed("set \"d\" \"$\"; set \"a\" \"${d}{b}\"; set \"b\" \"B\";", "${a}")).isEqualTo("${b}");
        assertThat(filed("set \"x\" \"y\";", "${${x}}")).isEqualTo("${y}");
        // set expands its value when it runs; a later set does not change an earlier value
        assertThat(filed("set \"a\" \"1\"; set \"b\" \"${a}${a}\"; set \"a\" \"2\";", "${b}${a}")).isEqualTo("112");
    }

    @Test
    void withoutRequireVariablesStringsStayAsWritten() {
        SieveDecision d = run(runner, "require \"fileinto\"; fileinto \"${x}\";");
        assertThat(d.all(FileInto.class).getFirst().mailbox()).isEqualTo("${x}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ":lower | HeLLo | hello",
            ":upper | HeLLo | HELLO",
            ":lowerfirst | HeLLo | heLLo",
            ":upperfirst | heLLo | HeLLo",
            ":quotewildcard | a*b?c\\\\d | a\\*b\\?c\\\\d",
            ":length | Grüße | 5",
            // precedence: lower/upper (40) before lowerfirst/upperfirst (30) before quotewildcard (20) before length (10)
            ":upperfirst :lower | HELLO | Hello",
            ":lower :upperfirst | HELLO | Hello",
            ":length :quotewildcard | ** | 4",
            ":quotewildcard :upper :length | a* | 3"})
    void modifiersApplyInTheirPrecedence(String modifiers, String value, String expected) {
        assertThat(filed("set " + modifiers + " \"v\" \"" + value + "\";", "${v}")).isEqualTo(expected);
    }

    @Test
    void modifiersOfOnePrecedenceAndBadNamesAreRefused() {
        assertThat(compiler.problem(HEAD + "set :lower :upper \"a\" \"b\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("only one of"));
        assertThat(compiler.problem(HEAD + "set :lowerfirst :upperfirst \"a\" \"b\";")).isPresent();
        assertThat(compiler.problem(HEAD + "set \"1a\" \"b\";")).hasValueSatisfying(p -> assertThat(p).contains("no variable name"));
        assertThat(compiler.problem(HEAD + "set \"a.b\" \"b\";")).isPresent();
        assertThat(compiler.problem(HEAD + "set \"a\";")).isPresent();
        assertThat(compiler.problem(HEAD + "set :lower \"a\" [\"b\", \"c\"];")).isPresent();
    }

    @Test
    void variablesAreRefusedWithoutRequire() {
        assertThat(compiler.problem("set \"a\" \"b\";")).hasValueSatisfying(p -> assertThat(p).contains("require \"variables\""));
        assertThat(compiler.problem("if string \"a\" \"a\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"variables\""));
        assertThat(compiler.problem("variables;")).isPresent();
    }

    @Test
    void unknownNamespacesAreRefused() {
        assertThat(compiler.problem(HEAD + "fileinto \"${env.home}\";"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown variable namespace \"env\""));
        assertThat(compiler.problem(HEAD + "if header :is \"subject\" \"${a.b.c}\" { keep; }")).isPresent();
        // not a reference at all: stays text
        assertThat(compiler.problem(HEAD + "fileinto \"${a..b}${.x}\";")).isEmpty();
        // without variables, no reference is one
        assertThat(compiler.problem("require \"fileinto\"; fileinto \"${env.home}\";")).isEmpty();
    }

    @Test
    void matchesSetsTheMatchVariables() {
        assertThat(filed("if header :matches \"List-Id\" \"*<*.*>*\" { set \"list\" \"${2}\"; }", "lists/${list}"))
                .isEqualTo("lists/foo");
        assertThat(filed("if header :matches \"Subject\" \"[*] *\" { set \"a\" \"${1}|${2}|${0}\"; }", "${a}"))
                .isEqualTo("acme-users|[fwd] version 1.0 is out|[acme-users] [fwd] version 1.0 is out");
        assertThat(filed("if address :matches \"From\" \"coyote@**.com\" { set \"d\" \"${1}-${2}-${3}\"; }", "${d}"))
                .isEqualTo("-ACME.Example-");
        assertThat(filed("if envelope :matches :localpart \"from\" \"c?y*\" { set \"e\" \"${1}${2}\"; }", "${e}"))
                .isEqualTo("oote");
    }

    @Test
    void matchVariablesSurviveAFailedMatchAndOtherMatchTypes() {
        assertThat(filed("""
                if header :matches "Subject" "[*]*" { }
                if header :matches "Subject" "nothing*" { }
                if header :is "Subject" "x" { }
                if header :contains "Subject" "acme" { }
                """, "${1}")).isEqualTo("acme-users");
        // a later successful match replaces all of them; those it lacks are empty
        assertThat(filed("""
                if header :matches "Subject" "[*] [*] *" { }
                if header :matches "To" "*@*" { }
                """, "${1}.${2}.${3}")).isEqualTo("bob.local.test.");
        // ${10} and beyond are not kept
        assertThat(filed("if header :matches \"To\" \"?????????????*\" { }", "${9}${10}${0009}")).isEqualTo("ll");
    }

    @Test
    void matchesKeysAreExpandedAndQuotewildcardMakesAValueLiteral() {
        assertThat(filed("set \"p\" \"*1.0*\"; if header :matches \"subject\" \"${p}\" { set \"r\" \"yes\"; }", "r${r}"))
                .isEqualTo("ryes");
        assertThat(filed("set :quotewildcard \"p\" \"*1.0*\"; if header :matches \"subject\" \"${p}\" { set \"r\" \"yes\"; }",
                "r${r}")).isEqualTo("r");
    }

    @Test
    void theStringTest() {
        assertThat(filed("set \"a\" \"Hello\"; if string :is \"${a}\" \"hello\" { set \"r\" \"is\"; }", "${r}"))
                .isEqualTo("is");
        assertThat(filed("set \"a\" \"Hello\"; if string :matches \"${a}\" \"h*o\" { set \"r\" \"${1}\"; }", "${r}"))
                .isEqualTo("ell");
        assertThat(filed("if string :value \"gt\" :comparator \"i;ascii-numeric\" [\"3\", \"12\"] \"10\""
                + " { set \"r\" \"gt\"; }", "${r}")).isEqualTo("gt");
        // :count counts the strings that are not empty
        assertThat(filed("set \"e\" \"\"; if string :count \"eq\" :comparator \"i;ascii-numeric\" [\"${e}\", \"a\", \"b\"]"
                + " \"2\" { set \"r\" \"two\"; }", "${r}")).isEqualTo("two");
        assertThat(filed("if string :count \"eq\" :comparator \"i;ascii-numeric\" \"${missing}\" \"0\" { set \"r\" \"0\"; }",
                "${r}")).isEqualTo("0");
    }

    @Test
    void expansionReachesFlagsRedirectVacationAndHeaderTests() {
        SieveDecision d = run("""
                set "flag" "\\\\Seen";
                set "who" "archive";
                addflag "${flag} ${who}";
                keep;
                redirect "${who}@example.com";
                vacation :subject "Re: ${who}" "Away: ${who}";
                set "h" "x-spam-score";
                if header :value "ge" :comparator "i;ascii-numeric" "${h}" "${5}5" { fileinto "Junk"; }
                """);
        assertThat(d.error()).isNull();
        assertThat(d.all(Keep.class).getFirst().flags()).containsExactlyInAnyOrder("\\Seen", "archive");
        assertThat(d.all(Redirect.class).getFirst().address()).isEqualTo("archive@example.com");
        Vacation v = d.all(Vacation.class).getFirst();
        assertThat(v.subject()).isEqualTo("Re: archive");
        assertThat(v.reason()).isEqualTo("Away: archive");
        // no match yet: ${5} is empty, the key "5"; 7 >= 5
        assertThat(d.all(FileInto.class)).extracting(FileInto::mailbox).containsExactly("Junk");
    }

    @Test
    void theNumberOfVariablesIsBounded() {
        SieveRunner three = new SieveRunner(compiler, new SieveLimits(32, 4, 64 * 1024, 100, 1024, 3, 4096));
        SieveDecision ok = run(three, HEAD + "set \"a\" \"1\"; set \"b\" \"2\"; set \"c\" \"3\"; set \"A\" \"4\";");
        assertThat(ok.error()).isNull();
        SieveDecision tooMany = run(three, HEAD + "set \"a\" \"1\"; set \"b\" \"2\"; set \"c\" \"3\"; set \"d\" \"4\";"
                + " fileinto \"X\";");
        assertThat(tooMany.error()).contains("more than 3 variables");
        assertThat(tooMany.actions()).containsExactly(new Keep());
    }

    @Test
    void valuesAndExpansionsAreBounded() {
        SieveRunner small = new SieveRunner(compiler, new SieveLimits(32, 4, 64 * 1024, 100, 1024, 255, 10));
        SieveDecision d = run(small, HEAD + "set \"a\" \"0123456789abcdef\"; set \"u\" \"ééééééé\";"
                + " fileinto \"${a}|${u}|${a}${a}${a}\";");
        // each value cut to 10 bytes (a 2-byte character is not split); the string grows by 10 bytes at most
        assertThat(d.all(FileInto.class).getFirst().mailbox()).isEqualTo("0123456789|ééééé|0123456789");
        assertThat(Variables.cut("ééé", 5)).isEqualTo("éé");
        assertThat(Variables.cut("\uD83D\uDE00x", 3)).isEmpty();
    }

    @Test
    void expansionOfManyReferencesIsLinearAndBounded() {
        Variables v = new Variables(SieveLimits.DEFAULTS);
        v.set("x", "y".repeat(4096));
        String many = "${x}".repeat(16_000);
        long start = System.nanoTime();
        String out = v.expand(many);
        assertThat(out.length()).isLessThanOrEqualTo(many.length() + 4096);
        assertThat(v.expand("${".repeat(30_000) + "x")).hasSize(60_001);
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }

    @Test
    void referencesParse() {
        assertThat(Variables.Reference.parse("abc_1")).isEqualTo(new Variables.Reference.Named("abc_1"));
        assertThat(Variables.Reference.parse("007")).isEqualTo(new Variables.Reference.Match(7));
        assertThat(Variables.Reference.parse("ns.sub.x")).isEqualTo(new Variables.Reference.Namespaced("ns.sub", "x"));
        assertThat(Variables.Reference.parse("1a")).isNull();
        assertThat(Variables.Reference.parse("")).isNull();
        assertThat(Variables.namespaced("${a.b} ${c} ${d.e}")).isEqualTo(List.of("a", "d"));
    }

    @Test
    void theImap4flagsCommandsAndHasflagTakeAVariable() {
        SieveDecision d = run("""
                setflag "mine" "a b";
                addflag "mine" ["c", "A"];
                removeflag "mine" "b";
                addflag "\\\\Seen";
                if hasflag "mine" "c" { set "r1" "c"; }
                if hasflag :count "eq" :comparator "i;ascii-numeric" "mine" "2" { set "r2" "2"; }
                if hasflag ["none", "mine"] "a" { set "r3" "a"; }
                if hasflag "seen" { set "r4" "internal"; }
                fileinto :flags "${mine}" "${r1}${r2}${r3}${r4}";
                """);
        assertThat(d.error()).isNull();
        assertThat(d.all(FileInto.class)).containsExactly(new FileInto("c2a", java.util.Set.of("a", "c"), false));
        assertThat(compiler.problem(HEAD + "addflag \"1x\" \"a\";")).hasValueSatisfying(p -> assertThat(p)
                .contains("no variable name"));
    }

    @Test
    void variablesIsOffered() {
        assertThat(SieveCompiler.EXTENSIONS).contains("variables");
    }
}
