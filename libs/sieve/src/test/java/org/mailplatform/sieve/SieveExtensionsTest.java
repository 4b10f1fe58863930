package org.mailplatform.sieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailplatform.sieve.SieveAction.Discard;
import org.mailplatform.sieve.SieveAction.FileInto;
import org.mailplatform.sieve.SieveAction.Keep;
import org.mailplatform.sieve.SieveAction.Redirect;

/** The extensions libs/sieve adds to jSieve: {@code copy}, {@code imap4flags} and {@code mailbox}. */
class SieveExtensionsTest {

    private static final String MESSAGE = "From: <alice@example.org>\r\nTo: <bob@local.test>\r\nSubject: report\r\n"
            + "\r\nHello.\r\n";
    private static final String HEAD = "require [\"fileinto\", \"copy\", \"imap4flags\", \"mailbox\", \"reject\"];\n";

    private final SieveCompiler compiler = new SieveCompiler();
    private final SieveRunner runner = new SieveRunner(compiler, SieveLimits.DEFAULTS);

    private SieveDecision run(String script) {
        return run(runner, script, MailboxLookup.NONE);
    }

    private SieveDecision run(SieveRunner r, String script, MailboxLookup mailboxes) {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.UTF_8);
        try {
            return r.run(compiler.compile(HEAD + script), new SieveMessage(bytes, bytes.length, "alice@example.org",
                    "bob@local.test", () -> new ByteArrayInputStream(bytes)), mailboxes);
        } catch (SieveScriptException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> flags(String... flags) {
        return Set.of(flags);
    }

    // ---- copy (RFC 3894) ----

    @Test
    void fileintoCopyAndRedirectCopyKeepTheImplicitKeep() {
        assertThat(run("fileinto :copy \"A\";").actions()).containsExactly(new FileInto("A"), new Keep());
        assertThat(run("redirect :copy \"x@remote.test\";").actions())
                .containsExactly(new Redirect("x@remote.test"), new Keep());
        assertThat(run("fileinto :copy \"A\"; redirect :copy \"x@remote.test\";").actions())
                .containsExactly(new FileInto("A"), new Redirect("x@remote.test"), new Keep());
    }

    @Test
    void withoutCopyOrWithAnotherCancellingActionThereIsNoImplicitKeep() {
        assertThat(run("fileinto :copy \"A\"; fileinto \"B\";").actions())
                .containsExactly(new FileInto("A"), new FileInto("B"));
        assertThat(run("fileinto :copy \"A\"; discard;").actions()).containsExactly(new FileInto("A"), new Discard());
        assertThat(run("redirect :copy \"x@remote.test\"; redirect \"y@remote.test\";").actions())
                .containsExactly(new Redirect("x@remote.test"), new Redirect("y@remote.test"));
    }

    @Test
    void copiesCountAgainstTheLimits() {
        SieveRunner two = new SieveRunner(compiler, new SieveLimits(2, 4, 64 * 1024, 100, 1024));
        assertThat(run(two, "fileinto :copy \"A\";", MailboxLookup.NONE).actions()).hasSize(2);
        SieveDecision three = run(two, "fileinto :copy \"A\"; fileinto :copy \"B\";", MailboxLookup.NONE);
        assertThat(three.failed()).as("two copies and the implicit keep are three actions").isTrue();
        assertThat(three.actions()).containsExactly(new Keep());

        StringBuilder five = new StringBuilder();
        for (String a : List.of("a", "b", "c", "d", "e")) {
            five.append("redirect :copy \"").append(a).append("@r.test\";");
        }
        SieveDecision d = run(five.toString());
        assertThat(d.failed()).isTrue();
        assertThat(d.error()).contains("redirect");
    }

    @Test
    void rejectIsNotAllowedWithACopy() {
        SieveDecision d = run("fileinto :copy \"A\"; reject \"no\";");
        assertThat(d.failed()).isTrue();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    // ---- imap4flags (RFC 5232) ----

    @Test
    void theInternalVariableFlagsFileintoAndTheImplicitKeep() {
        assertThat(run("addflag \"\\\\Seen\"; fileinto \"A\";").actions())
                .containsExactly(new FileInto("A", flags("\\Seen"), false));
        assertThat(run("setflag \"\\\\flagged $Work\"; addflag [\"\\\\SEEN\", \"$work\"];").actions())
                .as("system flags in their spelling, one flag once whatever its case")
                .containsExactly(new Keep(flags("\\Flagged", "$Work", "\\Seen")));
        assertThat(run("addflag \"a b c\"; removeflag \"B\"; keep;").actions()).containsExactly(new Keep(flags("a", "c")));
        assertThat(run("addflag \"a\"; setflag \"b\";").actions()).containsExactly(new Keep(flags("b")));
        assertThat(run("addflag \"a\"; setflag \"\";").actions()).containsExactly(new Keep());
    }

    @Test
    void eachStoreTakesTheVariableAsItIsThenTheImplicitKeepItsLastValue() {
        assertThat(run("addflag \"x\"; fileinto :copy \"A\"; setflag \"y\"; fileinto :copy \"B\"; addflag \"z\";")
                .actions()).containsExactly(new FileInto("A", flags("x"), false), new FileInto("B", flags("y"), false),
                new Keep(flags("y", "z")));
    }

    @Test
    void flagsArgumentsReplaceTheVariableForThatStoreOnly() {
        assertThat(run("addflag \"x\"; keep :flags [\"\\\\Flagged\", \"$Label1\"]; fileinto :flags \"\" \"A\";")
                .actions()).containsExactly(new Keep(flags("\\Flagged", "$Label1")), new FileInto("A"));
        assertThat(run("setflag \"x\"; fileinto :copy :flags \"y\" \"A\";").actions())
                .containsExactly(new FileInto("A", flags("y"), false), new Keep(flags("x")));
    }

    @Test
    void flagsThatCannotBeSetAreIgnored() {
        assertThat(run("addflag \"\\\\Recent \\\\Future \\\\Seen\";").actions()).containsExactly(new Keep(flags("\\Seen")));
        assertThat(run("keep :flags \"\\\\Recent\";").actions()).containsExactly(new Keep());
    }

    @Test
    void aSecondStoreToOnePlaceAddsItsFlags() {
        assertThat(run("fileinto :flags \"a\" \"A\"; fileinto :flags \"b\" \"A\"; keep :flags \"c\"; keep;").actions())
                .containsExactly(new FileInto("A", flags("a", "b"), false), new Keep(flags("c")));
    }

    @Test
    void hasflagMatchesTheVariable() {
        String set = "setflag \"\\\\Seen Work/Reports\";";
        assertThat(run(set + "if hasflag \"\\\\seen\" { fileinto \"S\"; }").all(FileInto.class)).hasSize(1);
        assertThat(run(set + "if hasflag [\"none\", \"work/reports\"] { fileinto \"S\"; }").all(FileInto.class)).hasSize(1);
        assertThat(run(set + "if hasflag :contains \"ork\" { fileinto \"S\"; }").all(FileInto.class)).hasSize(1);
        assertThat(run(set + "if hasflag :matches \"W*s\" { fileinto \"S\"; }").all(FileInto.class)).hasSize(1);
        assertThat(run(set + "if hasflag \"other\" { fileinto \"S\"; }").all(FileInto.class)).isEmpty();
        assertThat(run(set + "if hasflag :comparator \"i;octet\" \"work/reports\" { fileinto \"S\"; }")
                .all(FileInto.class)).as("i;octet: case counts").isEmpty();
        assertThat(run("if hasflag :matches \"*\" { fileinto \"S\"; }").all(FileInto.class))
                .as("an empty variable matches nothing").isEmpty();
        assertThat(run(set + "removeflag \"\\\\Seen\"; if hasflag \"\\\\Seen\" { fileinto \"S\"; }").all(FileInto.class))
                .isEmpty();
    }

    // ---- mailbox (RFC 5490) ----

    @Test
    void fileintoCreateIsCarriedInTheDecision() {
        assertThat(run("fileinto :create \"New/Box\";").actions()).containsExactly(new FileInto("New/Box", Set.of(), true));
        assertThat(run("fileinto \"A\"; fileinto :create \"A\";").actions())
                .as("one mailbox once, created if either asked").containsExactly(new FileInto("A", Set.of(), true));
    }

    @Test
    void mailboxexistsIsTrueWhenAllExist() {
        MailboxLookup have = Set.of("INBOX", "Work", "Work/Reports")::contains;
        String script = "if mailboxexists [\"Work\", \"Work/Reports\"] { fileinto \"Work\"; }";
        assertThat(run(runner, script, have).actions()).containsExactly(new FileInto("Work"));
        assertThat(run(runner, "if mailboxexists [\"Work\", \"Gone\"] { fileinto \"Work\"; }", have).actions())
                .containsExactly(new Keep());
        assertThat(run(runner, script, MailboxLookup.NONE).actions()).containsExactly(new Keep());
    }

    @Test
    void mailboxLookupsAreAskedOncePerNameAndBounded() {
        List<String> asked = new ArrayList<>();
        MailboxLookup counting = name -> {
            asked.add(name);
            return true;
        };
        assertThat(run(runner, "if allof(mailboxexists \"A\", mailboxexists [\"A\", \"B\"]) { discard; }", counting)
                .actions()).containsExactly(new Discard());
        assertThat(asked).containsExactly("A", "B");

        StringBuilder many = new StringBuilder("if mailboxexists [");
        for (int i = 0; i <= RunMailboxes.MAX_LOOKUPS; i++) {
            many.append(i == 0 ? "" : ", ").append("\"m").append(i).append('"');
        }
        SieveDecision d = run(runner, many + "] { discard; }", counting);
        assertThat(d.failed()).isTrue();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    @Test
    void aFailingLookupIsARunTimeErrorThatKeeps() {
        SieveDecision d = run(runner, "if mailboxexists \"A\" { discard; }", name -> {
            throw new IllegalStateException("store down");
        });
        assertThat(d.failed()).isTrue();
        assertThat(d.actions()).containsExactly(new Keep());
    }

    // ---- special-use (RFC 8579) ----

    /** A user whose Junk is called "Unwanted" and who has no \\Archive mailbox. */
    private static final MailboxLookup SPECIAL = new MailboxLookup() {
        @Override
        public boolean exists(String name) {
            return Set.of("INBOX", "Unwanted", "Spam").contains(name);
        }

        @Override
        public String withSpecialUse(String attribute) {
            return attribute.equalsIgnoreCase("\\Junk") ? "Unwanted" : null;
        }
    };

    @Test
    void fileintoSpecialUseCarriesTheAttributeForDeliveryToResolve() {
        String script = "require \"special-use\";\nfileinto :specialuse \"\\\\Junk\" \"Spam\";";
        assertThat(run(runner, script, SPECIAL).actions())
                .containsExactly(new FileInto("Spam", Set.of(), false, "\\Junk"));
        assertThat(run(runner, "require \"special-use\";\nfileinto :specialuse \"\\\\Archive\" :create \"Old\";",
                SPECIAL).actions()).containsExactly(new FileInto("Old", Set.of(), true, "\\Archive"));
    }

    @Test
    void specialuseExistsAsksForTheAttributesOfAnyOrOfTheNamedMailbox() {
        String head = "require \"special-use\";\n";
        assertThat(run(runner, head + "if specialuse_exists \"\\\\junk\" { discard; }", SPECIAL).actions())
                .as("any mailbox, the attribute in any case").containsExactly(new SieveAction.Discard());
        assertThat(run(runner, head + "if specialuse_exists [\"\\\\Junk\", \"\\\\Archive\"] { discard; }", SPECIAL)
                .actions()).as("all of them").containsExactly(new Keep());
        assertThat(run(runner, head + "if specialuse_exists \"Unwanted\" \"\\\\Junk\" { discard; }", SPECIAL).actions())
                .containsExactly(new SieveAction.Discard());
        assertThat(run(runner, head + "if specialuse_exists \"Spam\" \"\\\\Junk\" { discard; }", SPECIAL).actions())
                .as("another mailbox has it").containsExactly(new Keep());
        assertThat(run(runner, head + "if specialuse_exists \"Gone\" \"\\\\Junk\" { discard; }", SPECIAL).actions())
                .as("no such mailbox").containsExactly(new Keep());
    }

    @Test
    void aSpecialUseAttributeThatIsNoneOnceExpandedIsARunTimeError() {
        SieveDecision d = run(runner, "require [\"special-use\", \"variables\"];\nset \"a\" \"Junk\";\n"
                + "fileinto :specialuse \"${a}\" \"Spam\";", SPECIAL);
        assertThat(d.failed()).isTrue();
        SieveDecision t = run(runner, "require [\"special-use\", \"variables\"];\nset \"a\" \"no\";\n"
                + "if specialuse_exists \"${a}\" { discard; }", SPECIAL);
        assertThat(t.failed()).isTrue();
    }
}
