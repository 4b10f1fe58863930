package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.Discard;
import org.mailplatform.sieve.SieveAction.FileInto;

/** The {@code environment} extension (RFC 5183): the items delivery knows, false for the others. */
class EnvironmentExtensionTest {

    private static final String HEAD = "require [\"environment\", \"relational\", \"variables\", \"fileinto\"];\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script, SieveEnvironment environment) {
        byte[] bytes = "Subject: x\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        try {
            return runner.run(compiler.compile(script), new SieveMessage(bytes, bytes.length, "a@example.org",
                    "bob@local.test", null), MailboxLookup.NONE, environment);
        } catch (SieveScriptException e) {
            throw new AssertionError(script + ": " + e.getMessage(), e);
        }
    }

    private boolean holds(String test, SieveEnvironment environment) {
        SieveDecision d = run(HEAD + "if " + test + " { discard; }", environment);
        assertThat(d.error()).as(test).isNull();
        return d.actions().contains(new Discard());
    }

    private static final SieveEnvironment KNOWN = new SieveEnvironment(Clock.systemUTC(), "+", "local.test",
            "mx1.local.test", null, "192.0.2.7");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "domain | local.test", "host | mx1.local.test", "location | MDA", "name | mail-platform",
            "phase | during", "remote-ip | 192.0.2.7", "HOST | MX1.LOCAL.TEST"})
    void theItemsDeliveryKnows(String item, String value) {
        assertThat(holds("environment :is \"" + item + "\" \"" + value + "\"", KNOWN)).as(item).isTrue();
        assertThat(holds("environment :is \"" + item + "\" \"x" + value + "\"", KNOWN)).as(item).isFalse();
    }

    @Test
    void theVersionIsLibsSieves() {
        assertThat(holds("environment :is \"version\" \"" + SieveEnvironment.version() + "\"", KNOWN)).isTrue();
        assertThat(holds("environment :matches \"version\" \"?*\"", KNOWN)).isTrue();
    }

    @Test
    void anItemUnknownOrNotKnownForThisDeliveryIsFalseForEveryMatchType() {
        for (String item : new String[] {"remote-host", "vnd.dovecot.default-mailbox", "x"}) {
            assertThat(holds("environment :matches \"" + item + "\" \"*\"", KNOWN)).as(item).isFalse();
            assertThat(holds("environment :count \"eq\" \"" + item + "\" \"0\"", KNOWN)).as(item).isFalse();
        }
        SieveEnvironment none = SieveEnvironment.defaults();
        for (String item : new String[] {"domain", "host", "remote-ip"}) {
            assertThat(holds("environment :matches \"" + item + "\" \"*\"", none)).as(item).isFalse();
        }
        assertThat(holds("environment :is \"location\" \"MDA\"", none)).isTrue();
    }

    /** RFC 5183 5's kind of use: acting on where the message came from, and the items as variables. */
    @Test
    void itemsMatchAndSetTheMatchVariables() {
        assertThat(holds("environment :matches \"remote-ip\" \"192.0.2.*\"", KNOWN)).isTrue();
        assertThat(holds("environment :contains \"host\" \"local\"", KNOWN)).isTrue();
        assertThat(holds("environment :count \"eq\" \"host\" \"1\"", KNOWN)).isTrue();
        assertThat(run(HEAD + "if environment :matches \"domain\" \"*.*\" { fileinto \"by-${1}\"; }", KNOWN).actions())
                .containsExactly(new FileInto("by-local", java.util.Set.of(), false));
    }

    @Test
    void theCompilerChecksTheRequireAndTheName() {
        assertThat(compiler.problem("require \"fileinto\";\nif environment \"host\" \"x\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "environment needs require \"environment\""));
        assertThat(compiler.problem(HEAD + "if environment [\"host\", \"domain\"] \"x\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "single string"));
        assertThat(compiler.problem(HEAD + "if environment :user \"host\" \"x\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown tagged argument :user"));
        assertThat(compiler.problem(HEAD + "if environment \"host\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("environment takes 2 arguments"));
        assertThat(SieveCompiler.EXTENSIONS).contains("environment");
    }
}
