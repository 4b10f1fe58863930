package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailplatform.sieve.SieveAction.Discard;
import org.mailplatform.sieve.SieveAction.FileInto;
import org.mailplatform.sieve.SieveAction.Keep;
import org.mailplatform.sieve.SieveAction.Redirect;
import org.mailplatform.sieve.SieveAction.Reject;
import org.mailplatform.sieve.SieveAction.Vacation;

class SieveRunnerTest {

    private static final String MESSAGE = "Return-Path: <x@example.org>\r\n"
            + "From: Alice Example <alice@example.org>\r\n"
            + "To: bob@local.test, \"Carol\" <carol@other.test>\r\n"
            + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= from the\r\n [list] meeting\r\n"
            + "List-Id: <team.example.org>\r\n"
            + "Content-Type: multipart/alternative; boundary=\"b\"\r\n"
            + "\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "Please UNSUBSCRIBE me =C3=BCber alles\r\n"
            + "--b\r\nContent-Type: text/html\r\n\r\n<p>html only words</p>\r\n"
            + "--b--\r\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script) {
        return run(script, MESSAGE, "alice@example.org");
    }

    private SieveDecision run(String script, String message, String envelopeFrom) {
        return run(runner, script, message, envelopeFrom);
    }

    private SieveDecision run(SieveRunner r, String script, String message, String envelopeFrom) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try {
            return r.run(compiler.compile(script), new SieveMessage(bytes, bytes.length, envelopeFrom,
                    "bob@local.test", () -> new ByteArrayInputStream(bytes)));
        } catch (SieveScriptException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Found by review: the address test parsed the decoded field, so an encoded display name (a
     * European name, "Müller, Hans") hid the address or split it in two, and a raw UTF-8 one
     * (RFC 6532) made the parser give up: such mail never matched a rule on its sender.
     */
    @Test
    void addressTestsSeeTheAddressBehindAnyDisplayName() {
        String script = "if address :is :all \"from\" \"boss@example.com\" { discard; }";
        for (String from : List.of("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <boss@example.com>",
                "=?UTF-8?Q?M=C3=BCller=2C_Hans?= <boss@example.com>", "\"Jürgen Müller\" <boss@example.com>",
                "Jürgen Müller <boss@example.com>")) {
            String message = "From: " + from + "\r\nTo: bob@local.test\r\nSubject: x\r\n\r\nbody\r\n";
            assertThat(run(script, message, "x@example.org").actions()).as(from).containsExactly(new Discard());
        }
        String idn = "From: Chef <chef@bücher.example>\r\nTo: bob@local.test\r\n\r\nbody\r\n";
        assertThat(run("if address :is :domain \"from\" \"bücher.example\" { discard; }", idn, "x@example.org")
                .actions()).containsExactly(new Discard());
    }

    @Test
    void anEmptyScriptKeeps() {
        assertThat(run("").actions()).containsExactly(new Keep());
        assertThat(run("# nothing to do\n").failed()).isFalse();
    }

    @Test
    void headerTestsSeeUnfoldedDecodedValues() {
        assertThat(run("require \"fileinto\"; if header :contains \"subject\" \"[list] meeting\" { fileinto \"Lists\"; }")
                .actions()).containsExactly(new FileInto("Lists"));
        assertThat(run("require \"fileinto\"; if header :is \"Subject\" \"Grüße from the [list] meeting\" { fileinto \"A\"; }")
                .actions()).containsExactly(new FileInto("A"));
        assertThat(run("require \"fileinto\"; if header :matches \"subject\" \"Gr*meeting\" { fileinto \"B\"; }")
                .actions()).containsExactly(new FileInto("B"));
        assertThat(run("require \"fileinto\"; if exists \"list-id\" { fileinto \"C\"; }").actions())
                .containsExactly(new FileInto("C"));
    }

    @Test
    void aTestOfAMissingHeaderIsFalseNotAnError() {
        SieveDecision d = run("require \"fileinto\"; if header :contains \"x-spam-flag\" \"YES\" { fileinto \"Junk\"; }");
        assertThat(d.failed()).isFalse();
        assertThat(d.actions()).containsExactly(new Keep());
        assertThat(run("if not exists \"x-missing\" { discard; }").actions()).containsExactly(new Discard());
    }

    @Test
    void addressTestsParseTheAddresses() {
        assertThat(run("if address :is :domain \"from\" \"example.org\" { discard; }").actions())
                .containsExactly(new Discard());
        assertThat(run("if address :is :localpart \"to\" \"carol\" { discard; }").actions())
                .containsExactly(new Discard());
        assertThat(run("if address :is :all \"to\" \"nobody@local.test\" { discard; }").actions())
                .containsExactly(new Keep());
    }

    @Test
    void envelopeTestsSeeSenderAndRecipient() {
        assertThat(run("require \"envelope\"; if envelope :is \"from\" \"alice@example.org\" { discard; }").actions())
                .containsExactly(new Discard());
        assertThat(run("require \"envelope\"; if envelope :domain :is \"to\" \"local.test\" { discard; }").actions())
                .containsExactly(new Discard());
        // RFC 5228 5.4: the null sender is the empty string
        assertThat(run("require \"envelope\"; if envelope :is \"from\" \"\" { discard; }", MESSAGE, "").actions())
                .containsExactly(new Discard());
    }

    @Test
    void sizeTests() {
        assertThat(run("if size :over 100 { discard; }").actions()).containsExactly(new Discard());
        assertThat(run("if size :under 10K { discard; }").actions()).containsExactly(new Discard());
        assertThat(run("if size :over 1M { discard; }").actions()).containsExactly(new Keep());
    }

    @Test
    void bodyTestsSearchTheDecodedTextCaseInsensitively() {
        assertThat(run("require \"body\"; if body :text :contains \"unsubscribe\" { discard; }").actions())
                .containsExactly(new Discard());
        assertThat(run("require \"body\"; if body :contains \"über alles\" { discard; }").actions())
                .as("quoted-printable and UTF-8 decoded").containsExactly(new Discard());
        assertThat(run("require \"body\"; if body :raw :contains \"=C3=BCber\" { discard; }").actions())
                .containsExactly(new Discard());
        assertThat(run("require \"body\"; if body :content \"text/html\" :contains \"html only\" { discard; }")
                .actions()).containsExactly(new Discard());
        assertThat(run("require \"body\"; if body :content \"text/plain\" :contains \"html only\" { discard; }")
                .actions()).containsExactly(new Keep());
    }

    @Test
    void theBodyIsReadOnlyForABodyTestAndOnlyItsFirstBytes() {
        AtomicInteger opened = new AtomicInteger();
        String big = "Subject: big\r\n\r\n" + "a".repeat(10_000) + " needle\r\n";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        SieveRunner small = new SieveRunner(compiler, new SieveLimits(32, 4, 1024, 100, 4096));
        SieveMessage m = new SieveMessage(bytes, bytes.length, "a@example.org", "bob@local.test", () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        });
        try {
            assertThat(small.run(compiler.compile("if header :contains \"subject\" \"big\" { keep; }"), m).actions())
                    .containsExactly(new Keep());
            assertThat(opened).hasValue(0);
            assertThat(small.run(compiler.compile("require \"body\"; if body :contains \"needle\" { discard; }"), m)
                    .actions()).as("beyond the text bound").containsExactly(new Keep());
            assertThat(small.run(compiler.compile("require \"body\"; if body :contains \"aaaa\" { discard; }"), m)
                    .actions()).containsExactly(new Discard());
        } catch (SieveScriptException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fileintoCancelsTheImplicitKeepAndOneMailboxCountsOnce() {
        assertThat(run("require \"fileinto\"; fileinto \"A\"; fileinto \"B\"; fileinto \"A\";").actions())
                .containsExactly(new FileInto("A"), new FileInto("B"));
        assertThat(run("require \"fileinto\"; fileinto \"A\"; keep; keep;").actions())
                .containsExactly(new FileInto("A"), new Keep());
    }

    @Test
    void discardCancelsTheImplicitKeepButNotAnExplicitOne() {
        assertThat(run("discard;").actions()).containsExactly(new Discard());
        assertThat(run("keep; discard;").actions()).containsExactly(new Keep(), new Discard());
    }

    @Test
    void redirectCancelsTheImplicitKeepAndRepeatsCountOnce() {
        assertThat(run("redirect \"x@remote.test\"; redirect \"X@remote.test\";").actions())
                .containsExactly(new Redirect("x@remote.test"));
        assertThat(run("redirect \"x@remote.test\"; keep;").actions())
                .containsExactly(new Redirect("x@remote.test"), new Keep());
    }

    @Test
    void aRedirectToAnInvalidAddressIsAnError() {
        for (String bad : List.of("no-domain", "a@b.test>\r\nDATA", "two words@r.test", "@r.test", "x@")) {
            SieveDecision d = run("redirect \"" + bad + "\";");
            assertThat(d.failed()).as(bad).isTrue();
            assertThat(d.actions()).containsExactly(new Keep());
        }
        assertThat(MessageAdapter.deliverable("a@b.test>\r\nDATA")).isFalse();
        // a domain that is no IDN (an empty label, a label over 63 characters) cannot be routed
        for (String bad : List.of("x@a..test", "x@" + "a".repeat(64) + ".test")) {
            assertThat(run("redirect \"" + bad + "\";").failed()).as(bad).isTrue();
        }
    }

    @Test
    void aRedirectsDomainIsGivenAsAnALabel() {
        assertThat(run("redirect \"jürgen@Bücher.example\";").actions())
                .containsExactly(new Redirect("jürgen@xn--bcher-kva.example"));
        assertThat(run("redirect \" x@remote.test \";").actions()).containsExactly(new Redirect("x@remote.test"));
    }

    @Test
    void rejectAloneAndWithOtherActionsAnError() {
        assertThat(run("require \"reject\"; reject \"no thanks\";").actions()).containsExactly(new Reject("no thanks"));
        SieveDecision d = run("require [\"reject\", \"fileinto\"]; fileinto \"A\"; reject \"no\";");
        assertThat(d.failed()).isTrue();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    @Test
    void vacationKeepsTheMessageAndDefaultsItsArguments() {
        SieveDecision d = run("require \"vacation\"; vacation \"I am away.\";");
        assertThat(d.actions()).hasSize(2).contains(new Keep());
        Vacation v = d.all(Vacation.class).getFirst();
        assertThat(v.days()).isEqualTo(7);
        assertThat(v.reason()).isEqualTo("I am away.");
        assertThat(v.subject()).isNull();
        assertThat(v.from()).isNull();
        assertThat(v.mime()).isFalse();
        assertThat(v.handle()).isEqualTo(SieveRunner.defaultHandle("I am away.", null, null))
                .isNotEqualTo(SieveRunner.defaultHandle("I am back.", null, null));
    }

    @Test
    void vacationArgumentsAndTheClampOfDays() {
        Vacation v = run("require \"vacation\"; vacation :days 90 :subject \"Out\" :from \"me@local.test\""
                + " :addresses [\"bob@alias.test\"] :handle \"h1\" \"Away.\";").all(Vacation.class).getFirst();
        assertThat(v).isEqualTo(new Vacation(30, "Out", "me@local.test", List.of("bob@alias.test"), "h1", "Away.", false));
        assertThat(run("require \"vacation\"; vacation :days 0 \"x\";").all(Vacation.class).getFirst().days())
                .isEqualTo(1);
        Vacation mime = run("require \"vacation\"; vacation :mime \"Content-Type: text/plain\r\n\r\nAway.\";")
                .all(Vacation.class).getFirst();
        assertThat(mime.mime()).isTrue();
        assertThat(mime.reason()).contains("Away.");
    }

    @Test
    void stopEndsTheScriptWithWhatWasDecided() {
        assertThat(run("require \"fileinto\"; fileinto \"A\"; stop; fileinto \"B\";").actions())
                .containsExactly(new FileInto("A"));
        assertThat(run("stop; discard;").actions()).containsExactly(new Keep());
    }

    @Test
    void aRunTimeErrorKeepsAndNothingElse() {
        // two vacation commands: jSieve refuses the second at run time
        SieveDecision d = run("require [\"vacation\", \"fileinto\"]; fileinto \"A\"; vacation \"a\"; vacation \"b\";");
        assertThat(d.failed()).isTrue();
        assertThat(d.error()).isNotBlank();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    @Test
    void anUnreadableBodyIsARunTimeError() {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        try {
            SieveDecision d = runner.run(compiler.compile("require \"body\"; if body :contains \"x\" { discard; }"),
                    new SieveMessage(bytes, bytes.length, "", "bob@local.test", () -> {
                        throw new IOException("blob store down");
                    }));
            assertThat(d.failed()).isTrue();
            assertThat(d.actions()).containsExactly(new Keep());
        } catch (SieveScriptException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void moreRedirectsThanAllowedIsAnError() {
        String four = "redirect \"a@r.test\"; redirect \"b@r.test\"; redirect \"c@r.test\"; redirect \"d@r.test\";";
        assertThat(run(four).all(Redirect.class)).hasSize(4);
        SieveDecision five = run(four + " redirect \"e@r.test\";");
        assertThat(five.failed()).isTrue();
        assertThat(five.error()).contains("redirect");
        assertThat(five.actions()).containsExactly(new Keep());
    }

    @Test
    void moreActionsThanAllowedIsAnError() {
        SieveRunner three = new SieveRunner(compiler, new SieveLimits(3, 4, 1024, 100, 1024));
        String script = "require \"fileinto\"; fileinto \"a\"; fileinto \"b\"; fileinto \"c\";";
        assertThat(run(three, script, MESSAGE, "").all(FileInto.class)).hasSize(3);
        SieveDecision d = run(three, script + " fileinto \"d\";", MESSAGE, "");
        assertThat(d.failed()).isTrue();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    @Test
    void headerBoundsLimitWhatTestsSee() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            many.append("X-Filler-").append(i).append(": v\r\n");
        }
        String message = many + "X-Late: yes\r\n\r\nbody\r\n";
        SieveRunner fewFields = new SieveRunner(compiler, new SieveLimits(32, 4, 64 * 1024, 20, 1024));
        assertThat(run(fewFields, "if exists \"x-late\" { discard; }", message, "").actions()).containsExactly(new Keep());
        assertThat(run(fewFields, "if exists \"x-filler-3\" { discard; }", message, "").actions())
                .containsExactly(new Discard());
        SieveRunner fewBytes = new SieveRunner(compiler, new SieveLimits(32, 4, 200, 1000, 1024));
        assertThat(run(fewBytes, "if exists \"x-late\" { discard; }", message, "").actions()).containsExactly(new Keep());
        assertThat(run(runner, "if exists \"x-late\" { discard; }", message, "").actions()).containsExactly(new Discard());
    }

    @Test
    void theHeaderMayBeGivenWithTheStartOfTheBody() {
        MessageHeader h = MessageHeader.parse(MESSAGE.getBytes(StandardCharsets.UTF_8), 64 * 1024, 100);
        assertThat(h.values("to")).containsExactly("bob@local.test, \"Carol\" <carol@other.test>");
        assertThat(h.names()).doesNotContain("content-transfer-encoding");
        assertThat(h.first("x-none")).isNull();
    }
}
