package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.sieve.SieveAction.Discard;

/** The {@code index} extension (RFC 5260 6): {@code :index <n> [:last]} on header, address and date. */
class IndexTest {

    private static final String HEAD = "require [\"index\", \"date\", \"relational\"];\n";
    /** Three hops, the newest on top, and three Cc fields. */
    private static final String HEADER = "Received: by c.example; Tue, 3 Mar 2026 10:00:03 +0000\r\n"
            + "Cc: one@example.org, uno@example.org\r\n"
            + "X-Hop: c\r\n"
            + "Received: by b.example; Tue, 3 Mar 2026 10:00:02 +0000\r\n"
            + "Cc: two@example.org\r\n"
            + "X-Hop: b\r\n"
            + "Received: by a.example;\r\n Tue, 3 Mar 2026 10:00:01 +0000\r\n"
            + "Cc: three@example.org\r\n"
            + "X-Hop: a\r\n"
            + "Subject: x\r\n\r\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private boolean holds(String test) {
        byte[] bytes = HEADER.getBytes(StandardCharsets.UTF_8);
        try {
            SieveDecision d = runner.run(compiler.compile(HEAD + "if " + test + " { discard; }"),
                    new SieveMessage(bytes, bytes.length, "a@example.org", "bob@local.test",
                            () -> new ByteArrayInputStream(bytes)), MailboxLookup.NONE,
                    new SieveEnvironment(Clock.systemUTC(), "+", null, null, null, null));
            assertThat(d.error()).as(test).isNull();
            return d.actions().contains(new Discard());
        } catch (SieveScriptException e) {
            throw new AssertionError(test + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "header :index 1 \"x-hop\" \"c\" | true", "header :index 1 \"x-hop\" [\"a\", \"b\"] | false",
            "header :index 2 \"x-hop\" \"b\" | true", "header :index 3 \"x-hop\" \"a\" | true",
            "header :index 1 :last \"x-hop\" \"a\" | true", "header :last :index 3 \"x-hop\" \"c\" | true",
            "header :index 4 \"x-hop\" \"a\" | false", "header :index 4 :count \"eq\" \"x-hop\" \"0\" | true",
            "header :index 2 :count \"eq\" \"x-hop\" \"1\" | true",
            // one field of each name
            "header :index 2 :count \"eq\" [\"x-hop\", \"cc\"] \"2\" | true",
            "header :index 2 :matches [\"x-hop\", \"cc\"] \"two@*\" | true",
            // address: the addresses of the selected field only
            "address :localpart :index 1 \"cc\" \"uno\" | true", "address :localpart :index 1 \"cc\" \"two\" | false",
            "address :localpart :index 1 :last \"cc\" \"three\" | true",
            "address :index 1 :count \"eq\" \"cc\" \"2\" | true",
            // date: the first Received is the newest hop; :last the oldest
            "date :index 1 \"received\" \"second\" \"03\" | true", "date \"received\" \"second\" \"03\" | true",
            "date :index 1 :last :zone \"+0000\" \"received\" \"time\" \"10:00:01\" | true",
            "date :index 2 :originalzone \"received\" \"second\" \"02\" | true",
            "date :index 9 \"received\" \"second\" \"03\" | false"})
    void theIndexedFieldIsTheOneTested(String test, boolean expected) {
        assertThat(holds(test)).as(test).isEqualTo(expected);
    }

    @Test
    void theCompilerChecksTheRequireAndTheNumber() {
        assertThat(compiler.problem("\nif header :index 1 \"x\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", ":index needs require \"index\""));
        assertThat(compiler.problem(HEAD + "if header :last \"x\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", ":last needs :index"));
        assertThat(compiler.problem(HEAD + "if header :index 0 \"x\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("counts fields from 1"));
        assertThat(compiler.problem(HEAD + "if header :index 0 :last \"x\" \"y\" { keep; }")).isPresent();
        assertThat(compiler.problem(HEAD + "if header :index \"x\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains(":index needs a number"));
        assertThat(compiler.problem(HEAD + "if header :index :last \"x\" \"y\" { keep; }")).isPresent();
        assertThat(compiler.problem(HEAD + "if header :index 1 :index 2 \"x\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("given twice"));
        assertThat(compiler.problem("require [\"index\", \"envelope\"];\nif envelope :index 1 \"to\" \"y\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown tagged argument :index"));
        assertThat(compiler.problem(HEAD + "if currentdate :index 1 \"year\" \"2026\" { keep; }"))
                .hasValueSatisfying(p -> assertThat(p).contains("unknown tagged argument :index"));
        assertThat(compiler.problem(HEAD + "if header :index 444 :last \"to\" \"ok\" { keep; }")).isEmpty();
        assertThat(SieveCompiler.EXTENSIONS).contains("index");
    }
}
