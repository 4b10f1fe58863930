package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.Discard;

/** The {@code relational} extension (RFC 5231): {@code :value} and {@code :count} with each comparator. */
class RelationalTest {

    private static final String MESSAGE = "Received: from a\r\nReceived: from b\r\nReceived: from c\r\n"
            + "From: Alice <alice@example.org>\r\nTo: bob@local.test, Carol <carol@local.test>\r\n"
            + "X-Spam-Score: 7.5\r\nSubject: Report\r\n\r\nHello.\r\n";
    private static final String HEAD = "require [\"relational\", \"comparator-i;ascii-numeric\", \"envelope\","
            + " \"imap4flags\"];\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    /** Whether {@code test} is true for the message. */
    private boolean holds(String test) {
        return holds("", test);
    }

    /** Whether {@code test} is true after the commands {@code before}. */
    private boolean holds(String before, String test) {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        try {
            SieveDecision d = runner.run(compiler.compile(HEAD + before + "if " + test + " { discard; }"),
                    new SieveMessage(bytes, bytes.length, "alice@example.org", "bob@local.test",
                            () -> new ByteArrayInputStream(bytes)));
            assertThat(d.error()).as(test).isNull();
            return d.actions().contains(new Discard());
        } catch (SieveScriptException e) {
            throw new AssertionError(test + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @CsvSource({
            // operator, key, expected for the value 7.5 (numerically 7)
            "gt, 5, true", "gt, 7, false", "gt, 10, false",
            "ge, 7, true", "ge, 8, false", "ge, 007, true",
            "lt, 10, true", "lt, 7, false", "lt, 2, false",
            "le, 7, true", "le, 6, false",
            "eq, 7, true", "eq, 07, true", "eq, 8, false",
            "ne, 8, true", "ne, 7, false"})
    void valueWithAsciiNumericComparesNumbers(String op, String key, boolean expected) {
        assertThat(holds("header :value \"" + op + "\" :comparator \"i;ascii-numeric\" \"X-Spam-Score\" \"" + key + "\""))
                .as(op + " " + key).isEqualTo(expected);
    }

    @Test
    void asciiNumericTakesNonDigitStringsAsInfinityAndHasNoBound() {
        // "Report" starts with no digit: positive infinity, greater than any number, equal to another such string
        assertThat(holds("header :value \"gt\" :comparator \"i;ascii-numeric\" \"subject\" \"99999999999999999999999\""))
                .isTrue();
        assertThat(holds("header :value \"eq\" :comparator \"i;ascii-numeric\" \"subject\" \"abc\"")).isTrue();
        assertThat(holds("header :value \"lt\" :comparator \"i;ascii-numeric\" \"x-spam-score\" \"abc\"")).isTrue();
        assertThat(holds("header :value \"lt\" :comparator \"i;ascii-numeric\" \"x-spam-score\""
                + " \"100000000000000000000000000000\"")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            // i;ascii-casemap: "REPORT" vs the key, ASCII case folded
            "i;ascii-casemap, gt, RENT, true", "i;ascii-casemap, lt, rest, true", "i;ascii-casemap, eq, REPORT, true",
            "i;ascii-casemap, ge, report, true", "i;ascii-casemap, le, Reporz, true", "i;ascii-casemap, ne, report, false",
            // i;octet: case counts, upper case before lower case
            "i;octet, eq, report, false", "i;octet, gt, REPORT, true", "i;octet, lt, report, true",
            "i;octet, ge, Report, true", "i;octet, le, Report, true", "i;octet, ne, Report, false"})
    void valueWithTheStringComparatorsOrdersStrings(String comparator, String op, String key, boolean expected) {
        assertThat(holds("header :value \"" + op + "\" :comparator \"" + comparator + "\" \"subject\" \"" + key + "\""))
                .as(comparator + " " + op + " " + key).isEqualTo(expected);
    }

    @Test
    void valueIsTheDefaultComparatorsOrderWithoutComparator() {
        assertThat(holds("header :value \"gt\" \"subject\" \"rent\"")).isTrue();
        // "10" < "9" as strings
        assertThat(holds("header :value \"lt\" \"x-spam-score\" \"8\"")).isTrue();
    }

    @Test
    void countCountsHeaderFieldsAddressesAndEnvelopeValues() {
        assertThat(holds("header :count \"eq\" :comparator \"i;ascii-numeric\" \"received\" \"3\"")).isTrue();
        assertThat(holds("header :count \"ge\" :comparator \"i;ascii-numeric\" \"received\" \"20\"")).isFalse();
        assertThat(holds("header :count \"eq\" :comparator \"i;ascii-numeric\" [\"received\", \"subject\"] \"4\""))
                .isTrue();
        assertThat(holds("header :count \"eq\" :comparator \"i;ascii-numeric\" \"x-missing\" \"0\"")).isTrue();
        assertThat(holds("address :count \"eq\" :comparator \"i;ascii-numeric\" \"to\" \"2\"")).isTrue();
        assertThat(holds("address :count \"gt\" :comparator \"i;ascii-numeric\" [\"to\", \"from\"] \"2\"")).isTrue();
        assertThat(holds("envelope :count \"eq\" :comparator \"i;ascii-numeric\" [\"from\", \"to\"] \"2\"")).isTrue();
        // any key: "ne 3" is false, but "ne 4" true
        assertThat(holds("header :count \"ne\" :comparator \"i;ascii-numeric\" \"received\" [\"3\", \"4\"]")).isTrue();
    }

    @Test
    void valueOnAddressAndEnvelopeParts() {
        assertThat(holds("address :value \"gt\" :domain \"to\" \"local.tesa\"")).isTrue();
        assertThat(holds("address :value \"lt\" :localpart \"to\" \"bob\"")).isFalse();
        assertThat(holds("envelope :value \"ge\" :localpart \"from\" \"alice\"")).isTrue();
        assertThat(holds("envelope :value \"lt\" :all \"to\" \"alice@example.org\"")).isFalse();
    }

    @Test
    void hasflagCountsTheFlags() {
        assertThat(holds("addflag [\"a\", \"b\"];", "hasflag :count \"eq\" :comparator \"i;ascii-numeric\" \"2\""))
                .isTrue();
        assertThat(holds("hasflag :count \"eq\" :comparator \"i;ascii-numeric\" \"0\"")).isTrue();
    }

    @Test
    void aValueTestOnAnAbsentHeaderIsFalseEvenForNe() {
        assertThat(holds("header :value \"ne\" \"x-missing\" \"1\"")).isFalse();
        assertThat(holds("header :contains \"x-missing\" \"\"")).isFalse();
    }

    @Test
    void theMatchTypesAreRefusedWithoutRequireOrWithBadArguments() {
        assertThat(compiler.problem("if header :count \"ge\" \"received\" \"2\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"relational\""));
        assertThat(compiler.problem("if address :value \"gt\" \"to\" \"a\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"relational\""));
        assertThat(compiler.problem("require \"relational\"; if header :value \"gte\" \"a\" \"b\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("\"gt\", \"ge\""));
        assertThat(compiler.problem("require \"relational\"; if header :value \"gt\" :count \"lt\" \"a\" \"b\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("only one of"));
        assertThat(compiler.problem("require \"relational\"; if header :value \"a\" \"b\" { discard; }")).isPresent();
        assertThat(compiler.problem("require \"relational\"; if header :value \"gt\" :comparator \"i;ascii-numeric\""
                + " \"a\" \"b\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("require \"comparator-i;ascii-numeric\""));
        assertThat(compiler.problem("require \"comparator-i;ascii-numeric\"; if header :contains :comparator"
                + " \"i;ascii-numeric\" \"a\" \"1\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("cannot be used with :contains"));
        assertThat(compiler.problem("if header :is :comparator \"i;unicode-casemap\" \"a\" \"b\" { discard; }"))
                .isPresent();
        assertThat(compiler.problem("relational;")).isPresent();
    }

    /** jSieve's parser forgot a required comparator after the first block; the second if here used to fail. */
    @Test
    void relationalIsOffered() {
        assertThat(SieveCompiler.EXTENSIONS).contains("relational");
        assertThat(compiler.problem("""
                require ["relational", "comparator-i;ascii-numeric", "fileinto"];
                if header :value "ge" :comparator "i;ascii-numeric" "X-Spam-Score" "5" { fileinto "Junk"; }
                if header :count "ge" :comparator "i;ascii-numeric" "received" "20" { discard; }
                """)).isEmpty();
    }
}
