package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.Discard;
import org.mailplatform.sieve.SieveAction.FileInto;
import org.mailplatform.sieve.SieveAction.Keep;
import org.mailplatform.sieve.SieveAction.Redirect;

/** The {@code subaddress} extension (RFC 5233): {@code :user} and {@code :detail} on address and envelope. */
class SubaddressTest {

    private static final String HEAD = "require [\"subaddress\", \"envelope\", \"relational\", \"variables\","
            + " \"comparator-i;ascii-numeric\"];\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script, String to, String header, String delimiter) {
        byte[] bytes = (header + "Subject: x\r\n\r\nHello.\r\n").getBytes(StandardCharsets.UTF_8);
        try {
            return runner.run(compiler.compile(script), new SieveMessage(bytes, bytes.length, "sender@example.org", to,
                    () -> new ByteArrayInputStream(bytes)), MailboxLookup.NONE,
                    new SieveEnvironment(Clock.systemUTC(), delimiter, null, null, null, null));
        } catch (SieveScriptException e) {
            throw new AssertionError(script + ": " + e.getMessage(), e);
        }
    }

    private boolean holds(String test, String to) {
        return holds(test, to, "+");
    }

    private boolean holds(String test, String to, String delimiter) {
        SieveDecision d = run(HEAD + "if " + test + " { discard; }", to, "To: <" + to + ">\r\n", delimiter);
        assertThat(d.error()).as(test).isNull();
        return d.actions().contains(new Discard());
    }

    /** RFC 5233 6's example: one account receiving ken@ and postmaster@, lists by detail. */
    @Test
    void theRfcExampleFilesByUserAndDetail() {
        String script = """
                require ["envelope", "subaddress", "fileinto"];
                if envelope :user "to" "postmaster" {
                    fileinto "inbox.postmaster";
                    stop;
                }
                if envelope :detail "to" "mta-filters" {
                    fileinto "inbox.ietf-mta-filters";
                }
                if envelope :detail "to" "foo" {
                    redirect "ken@example.net";
                }
                """;
        assertThat(run(script, "postmaster+anything@example.com", "", "+").actions())
                .containsExactly(new FileInto("inbox.postmaster", java.util.Set.of(), false));
        assertThat(run(script, "ken+mta-filters@example.com", "", "+").actions())
                .containsExactly(new FileInto("inbox.ietf-mta-filters", java.util.Set.of(), false));
        assertThat(run(script, "ken+foo@example.com", "", "+").actions())
                .containsExactly(new Redirect("ken@example.net"));
        assertThat(run(script, "ken@example.com", "", "+").actions()).containsExactly(new Keep(java.util.Set.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // address, test, expected
            "ken+sieve@example.org | envelope :user \"to\" \"ken\" | true",
            "ken+sieve@example.org | envelope :detail \"to\" \"sieve\" | true",
            "ken+sieve@example.org | envelope :localpart \"to\" \"ken+sieve\" | true",
            // no separator: :user is the whole local part, :detail matches no key, not even ""
            "ken@example.org | envelope :user \"to\" \"ken\" | true",
            "ken@example.org | envelope :detail \"to\" \"\" | false",
            "ken@example.org | envelope :detail :matches \"to\" \"*\" | false",
            "ken@example.org | envelope :detail :count \"eq\" \"to\" \"0\" | true",
            // an empty detail is the empty value
            "ken+@example.org | envelope :detail \"to\" \"\" | true",
            "ken+@example.org | envelope :user \"to\" \"ken\" | true",
            // the first separator splits; the detail may hold more of them
            "ken+a+b@example.org | envelope :detail \"to\" \"a+b\" | true",
            "ken+a+b@example.org | envelope :user \"to\" \"ken\" | true",
            // a separator first is no sub-address (auth-service would not deliver +x@ to @'s user either)
            "+news@example.org | envelope :user \"to\" \"+news\" | true",
            "+news@example.org | envelope :detail \"to\" \"news\" | false",
            // the other match types and comparators
            "Ken+Lists@example.org | envelope :detail :contains \"to\" \"list\" | true",
            "Ken+Lists@example.org | envelope :detail :comparator \"i;octet\" \"to\" \"lists\" | false",
            "ken+2024@example.org | envelope :detail :value \"ge\" :comparator \"i;ascii-numeric\" \"to\" \"2000\" | true"})
    void userAndDetailOfTheEnvelope(String to, String test, boolean expected) {
        assertThat(holds(test, to)).as(to + ": " + test)
                .isEqualTo(expected);
    }

    @Test
    void theAddressTestSplitsHeaderAddressesToo() {
        assertThat(holds("address :detail \"to\" \"news\"", "bob+news@example.org")).isTrue();
        assertThat(holds("address :user \"to\" \"bob\"", "bob+news@example.org")).isTrue();
        assertThat(holds("address :detail \"from\" \"news\"", "bob+news@example.org")).isFalse(); // no From
    }

    @Test
    void theSeparatorIsTheConfiguredOne() {
        assertThat(holds("envelope :detail \"to\" \"news\"", "bob-news@example.org", "-")).isTrue();
        assertThat(holds("envelope :detail \"to\" \"news\"", "bob+news@example.org", "-")).isFalse();
        assertThat(holds("envelope :user \"to\" \"bob+news\"", "bob+news@example.org", "-")).isTrue();
        assertThat(holds("envelope :detail \"to\" \"news\"", "bob--news@example.org", "--")).isTrue();
        // an empty separator: no address has a detail
        assertThat(holds("envelope :user \"to\" \"bob+news\"", "bob+news@example.org", "")).isTrue();
        assertThat(holds("envelope :detail :matches \"to\" \"*\"", "bob+news@example.org", "")).isFalse();
    }

    @Test
    void theDetailSetsMatchVariables() {
        SieveDecision d = run(HEAD + "require \"fileinto\";\n"
                + "if envelope :detail :matches \"to\" \"*\" { fileinto \"plus/${1}\"; }", "bob+shop@example.org", "",
                "+");
        assertThat(d.actions()).containsExactly(new FileInto("plus/shop", java.util.Set.of(), false));
    }

    @Test
    void theNullSenderHasNoUserOrDetail() {
        byte[] bytes = "Subject: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        try {
            SieveDecision d = runner.run(compiler.compile(HEAD + "if envelope :user \"from\" \"\" { discard; }"),
                    new SieveMessage(bytes, bytes.length, "", "bob@example.org", null));
            assertThat(d.actions()).doesNotContain(new Discard());
        } catch (SieveScriptException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void userAndDetailNeedTheRequireAndExcludeTheOtherParts() {
        assertThat(compiler.problem("require \"envelope\";\nif envelope :detail \"to\" \"x\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", ":detail needs require \"subaddress\""));
        assertThat(compiler.problem("\nif address :user \"to\" \"x\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", ":user needs require \"subaddress\""));
        assertThat(compiler.problem(HEAD + "if address :user :domain \"to\" \"x\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "only one of"));
        assertThat(compiler.problem(HEAD + "if header :user \"to\" \"x\" { discard; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown tagged argument :user"));
        assertThat(compiler.problem(HEAD + "subaddress;"))
                .hasValueSatisfying(p -> assertThat(p).contains("not a command"));
        assertThat(SieveCompiler.EXTENSIONS).contains("subaddress");
    }
}
