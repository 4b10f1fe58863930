package org.mailplatform.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.config.DkimProperties;
import org.mailplatform.delivery.support.DkimTestKeys;
import org.mailplatform.directory.client.DkimAlgorithm;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.DkimKeys;
import org.mailplatform.mailauth.dkim.DkimResult;
import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * The signing decision and the signature itself, with real RSA keys; every signature is checked by
 * two independent verifiers (jDKIM, and dkimpy when python3-dkim is installed) on the bytes the relay
 * sends: the signature field in front of the message, line ends as CRLF.
 */
class OutboundSignerTest {

    private static final DkimTestKeys KEYS = new DkimTestKeys("example.test", "mp202612");
    private static final Principal ALICE = new Principal("t1", "u-alice", "alice@example.test");
    private static final Clock CLOCK = Clock.fixed(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), ZoneOffset.UTC);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> asked = new ArrayList<>();
    private final Map<String, DkimKeyResult> answers = new java.util.HashMap<>(
            Map.of("example.test", KEYS.signingKey("t1")));

    private final DkimKeys keys = domain -> {
        asked.add(domain);
        return answers.getOrDefault(domain, new DkimKeyResult.NoKey());
    };

    @Test
    void submittedMailIsSignedAndVerifiesWithBothVerifiers() throws Exception {
        String message = "From: Alice <alice@example.test>\r\nTo: bob@remote.test\r\nSubject: hello\r\n"
                + "Date: Sat, 05 Dec 2026 08:00:00 +0000\r\nMessage-ID: <1@example.test>\r\n\r\nHi Bob.\r\n";

        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());

        assertThat(signed.domain()).isEqualTo("example.test");
        assertThat(signed.signatures()).singleElement().extracting(SigningOutcome.Signature::selector)
                .isEqualTo("mp202612");
        String field = signed.signatures().getFirst().field();
        String unfolded = field.replace("\r\n\t", " ");
        assertThat(unfolded).startsWith("DKIM-Signature: ").contains(" v=1;", " a=rsa-sha256;", " c=relaxed/relaxed;",
                " d=example.test;", " s=mp202612;", " t=" + CLOCK.instant().getEpochSecond() + ";",
                        " h=from:from:subject:subject:date:date:message-id:message-id:to:to;");
        assertThat(field.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        byte[] sent = sent(signed, message);
        assertThat(KEYS.verifyWithJdkim(sent)).hasSize(1);
        assertThat(KEYS.verifyWithDkimpy(sent)).isTrue();
        assertThat(meters.counter("mail.delivery.outbound.dkim", "outcome", "signed").count()).isEqualTo(1);
    }

    @Test
    void anEd25519KeySignsWithEd25519Sha256() throws Exception {
        DkimTestKeys ed = DkimTestKeys.ed25519("ed.example.test", "ed1");
        answers.put("ed.example.test", ed.signingKey("t1"));
        String message = "From: Alice <alice@ed.example.test>\r\nTo: bob@remote.test\r\nSubject: hello\r\n"
                + "Message-ID: <2@example.test>\r\n\r\nHi Bob.\r\n";

        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());

        assertThat(new String(signed.bytes(), StandardCharsets.UTF_8).replace("\r\n\t", " "))
                .contains(" a=ed25519-sha256;", " d=ed.example.test;", " s=ed1;");
        assertThat(DkimTestKeys.verifyWithMailAuth(sent(signed, message), ed)).extracting(SignatureCheck::result)
                .containsExactly(DkimResult.PASS);
        assertThat(DkimTestKeys.verifyWithMailAuth(sent(signed, message.replace("Hi Bob.", "Hi Eve.")), ed))
                .extracting(SignatureCheck::result).containsExactly(DkimResult.FAIL);
    }

    @Test
    void aDomainWithAnRsaAndAnEd25519KeyGetsBothSignaturesRsaOnTopOverOneReadOfTheBlob() throws Exception {
        DkimTestKeys rsa = new DkimTestKeys("dual.test", "rsa1");
        DkimTestKeys ed = DkimTestKeys.ed25519("dual.test", "ed1");
        // the directory lists Ed25519 first here: the order on the wire is the signer's
        answers.put("dual.test", DkimTestKeys.signingKeys("t1", ed, rsa));
        String message = "From: Alice <alice@dual.test>\r\nTo: bob@remote.test\r\nSubject: twice\r\n"
                + "Date: Sat, 05 Dec 2026 08:00:00 +0000\r\nMessage-ID: <3@dual.test>\r\n\r\n"
                + "Signed twice.\r\n".repeat(5_000);
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        List<Integer> opened = new ArrayList<>();

        SigningOutcome.Signed signed = (SigningOutcome.Signed) signer(defaults()).sign(submitted(), () -> {
            opened.add(1);
            return new ByteArrayInputStream(bytes);
        });

        assertThat(opened).as("one read of the queued blob for both").hasSize(1);
        assertThat(signed.signatures()).extracting(SigningOutcome.Signature::algorithm, SigningOutcome.Signature::selector)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rsa-sha256", "rsa1"),
                        org.assertj.core.groups.Tuple.tuple("ed25519-sha256", "ed1"));
        String fields = new String(signed.bytes(), StandardCharsets.UTF_8);
        assertThat(fields.indexOf("a=rsa-sha256")).isLessThan(fields.indexOf("a=ed25519-sha256"));
        assertThat(fields.split("\r\n(?![\t ])")).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("DKIM-Signature: "));

        byte[] sent = sent(signed, message);
        assertThat(DkimTestKeys.verifyWithMailAuth(sent, rsa, ed)).extracting(SignatureCheck::result, SignatureCheck::selector)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DkimResult.PASS, "rsa1"),
                        org.assertj.core.groups.Tuple.tuple(DkimResult.PASS, "ed1"));
        assertThat(rsa.verifyWithDkimpy(sent)).as("an RSA-only verifier passes the RSA one").isTrue();
        assertThat(DkimTestKeys.verifyWithMailAuth(sent(signed, message.replace("Signed twice.", "Signed thrice.")),
                rsa, ed)).extracting(SignatureCheck::result).containsExactly(DkimResult.FAIL, DkimResult.FAIL);
        assertThat(meters.counter("mail.delivery.outbound.dkim", "outcome", "signed").count()).isEqualTo(1);
        assertThat(meters.counter("mail.delivery.outbound.dkim.signatures", "algorithm", "ed25519-sha256", "outcome",
                "signed").count()).isEqualTo(1);
    }

    @Test
    void aKeyThatCannotSignLeavesTheOthersSignatureAndAloneLeavesTheMessageUnsigned() throws Exception {
        DkimTestKeys rsa = new DkimTestKeys("half.test", "rsa1");
        DkimTestKeys ed = DkimTestKeys.ed25519("half.test", "ed1");
        DkimKeyResult.SigningKey brokenRsa = new DkimKeyResult.SigningKey(DkimAlgorithm.RSA_SHA256, "rsa0",
                unusable("RSA"));
        DkimKeyResult.SigningKey brokenEd = new DkimKeyResult.SigningKey(DkimAlgorithm.ED25519_SHA256, "ed0",
                unusable("Ed25519"));
        String message = "From: alice@half.test\r\nSubject: half\r\n\r\nStill goes.\r\n";

        // the failing key on top (its signer runs outside the other's) and below (inside it)
        answers.put("half.test", new DkimKeyResult.SigningKeys("half.test", "t1", List.of(brokenRsa, ed.key())));
        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());
        assertThat(signed.signatures()).extracting(SigningOutcome.Signature::selector).containsExactly("ed1");
        assertThat(DkimTestKeys.verifyWithMailAuth(sent(signed, message), ed)).extracting(SignatureCheck::result)
                .containsExactly(DkimResult.PASS);

        answers.put("half.test", new DkimKeyResult.SigningKeys("half.test", "t1", List.of(rsa.key(), brokenEd)));
        signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());
        assertThat(signed.signatures()).extracting(SigningOutcome.Signature::selector).containsExactly("rsa1");
        assertThat(rsa.verifyWithJdkim(sent(signed, message))).hasSize(1);
        assertThat(meters.counter("mail.delivery.outbound.dkim", "outcome", "signed").count()).isEqualTo(2);
        assertThat(meters.counter("mail.delivery.outbound.dkim.signatures", "algorithm", "rsa-sha256", "outcome",
                "failed").count()).isEqualTo(1);
        assertThat(meters.counter("mail.delivery.outbound.dkim.signatures", "algorithm", "ed25519-sha256", "outcome",
                "failed").count()).isEqualTo(1);

        answers.put("half.test", new DkimKeyResult.SigningKeys("half.test", "t1", List.of(brokenRsa)));
        assertThat(sign(submitted(), message, defaults())).as("the single-key policy as before: unsigned, not deferred")
                .isEqualTo(new SigningOutcome.Unsigned("failed"));
        answers.put("half.test", new DkimKeyResult.SigningKeys("half.test", "t1", List.of(brokenRsa, brokenEd)));
        assertThat(sign(submitted(), message, defaults())).isEqualTo(new SigningOutcome.Unsigned("failed"));
    }

    /** A private key of that algorithm's name that no Signature accepts: signing with it fails after the body hash. */
    private static java.security.PrivateKey unusable(String algorithm) {
        return new java.security.PrivateKey() {
            @Override
            public String getAlgorithm() {
                return algorithm;
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null;
            }
        };
    }

    @Test
    void aFromAddedOnTheWayOrAChangedBodyBreaksTheSignature() throws Exception {
        String message = "From: alice@example.test\r\nTo: bob@remote.test\r\nSubject: pay\r\n\r\nPay 10 EUR.\r\n";
        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());
        byte[] sent = sent(signed, message);
        String text = new String(sent, StandardCharsets.UTF_8);

        byte[] secondFrom = text.replace("From: alice@", "From: boss@example.test\r\nFrom: alice@")
                .getBytes(StandardCharsets.UTF_8);
        byte[] otherBody = text.replace("10 EUR", "1000 EUR").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> KEYS.verifyWithJdkim(secondFrom)).isInstanceOf(FailException.class);
        assertThatThrownBy(() -> KEYS.verifyWithJdkim(otherBody)).isInstanceOf(FailException.class);
        assertThat(KEYS.verifyWithDkimpy(secondFrom)).isFalse();
        assertThat(KEYS.verifyWithDkimpy(otherBody)).isFalse();
    }

    @Test
    void bareLineEndsAndAMissingLastLineEndAreSignedAsTheRelaySendsThem() throws Exception {
        String stored = "From: alice@example.test\nTo: bob@remote.test\nSubject:\n folded\r\n\r\nline one\nline two";
        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), stored, defaults());

        // what DotStuffingOutputStream puts on the wire: CRLF everywhere, a final CRLF added
        String onTheWire = stored.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        byte[] sent = sent(signed, onTheWire);
        assertThat(KEYS.verifyWithJdkim(sent)).hasSize(1);
        assertThat(KEYS.verifyWithDkimpy(sent)).isTrue();
    }

    @Test
    void aMultipartMessageWithUtf8HeadersIsSignedWhole() throws Exception {
        String message = "From: =?UTF-8?Q?J=C3=BCrgen?= <juergen@example.test>\r\nTo: \"Zoë\" <zoe@remote.test>\r\n"
                + "Subject: Grüße\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "preamble\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo  Welt   \r\n\r\n--b1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b1--\r\n\r\n\r\n";
        SigningOutcome.Signed signed = (SigningOutcome.Signed) sign(submitted(), message, defaults());

        byte[] sent = sent(signed, message);
        assertThat(KEYS.verifyWithJdkim(sent)).hasSize(1);
        assertThat(KEYS.verifyWithDkimpy(sent)).isTrue();
    }

    @Test
    void anInternationalFromDomainIsLookedUpAsItsALabel() throws Exception {
        answers.put("xn--bcher-kva.test", new DkimTestKeys("xn--bcher-kva.test", "s1").signingKey("t1"));
        String message = "From: anna@Bücher.test\r\nSubject: x\r\n\r\nbody\r\n";

        SigningOutcome outcome = sign(submitted(), message, defaults());
        assertThat(asked).containsExactly("xn--bcher-kva.test");
        assertThat(outcome).isInstanceOf(SigningOutcome.Signed.class);
    }

    @Test
    void mailNotSubmittedByAUserIsNotSignedAndNoKeyIsAskedFor() throws IOException {
        InboundMessage forwarded = message(null);

        assertThat(sign(forwarded, "From: someone@example.test\r\n\r\nx\r\n", defaults()))
                .isEqualTo(new SigningOutcome.Unsigned("not_submitted"));
        assertThat(asked).isEmpty();
    }

    @Test
    void aNoticeDeliveryWroteIsSignedWithTheKeysOfItsHostnameWhateverTheirTenant() throws Exception {
        DkimTestKeys platform = new DkimTestKeys("mx.example.test", "bounces");
        answers.put("mx.example.test", platform.signingKey("t-platform"));
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@mx.example.test>\r\nTo: <alice@remote.test>\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n\r\nyour message could not be delivered\r\n";

        SigningOutcome outcome = sign(notice("delivery"), dsn, defaults());
        assertThat(outcome).isInstanceOf(SigningOutcome.Signed.class);
        SigningOutcome.Signed signed = (SigningOutcome.Signed) outcome;
        assertThat(signed.domain()).isEqualTo("mx.example.test");
        assertThat(platform.verifyWithJdkim(sent(signed, dsn))).hasSize(1);
    }

    @Test
    void aNoticeOfAnotherDomainOrNotWrittenByDeliveryIsNotSigned() throws IOException {
        answers.put("mx.example.test", new DkimTestKeys("mx.example.test", "bounces").signingKey("t-platform"));
        String foreignFrom = "From: MAILER-DAEMON@example.test\r\n\r\nx\r\n";
        String ownFrom = "From: MAILER-DAEMON@mx.example.test\r\n\r\nx\r\n";

        assertThat(sign(notice("delivery"), foreignFrom, defaults()))
                .as("a notice with a hosted domain's From").isEqualTo(new SigningOutcome.Unsigned("not_submitted"));
        assertThat(sign(notice("mx"), ownFrom, defaults()))
                .as("a bounce from another MTA, passed on").isEqualTo(new SigningOutcome.Unsigned("not_submitted"));
        assertThat(asked).isEmpty();
    }

    @Test
    void aDomainWithoutKeyOrOfAnotherTenantIsNotSigned() throws IOException {
        answers.put("other.test", new DkimTestKeys("other.test", "s1").signingKey("t2"));

        assertThat(sign(submitted(), "From: alice@nokey.test\r\n\r\nx\r\n", defaults()))
                .isEqualTo(new SigningOutcome.Unsigned("no_key"));
        assertThat(sign(submitted(), "From: ceo@other.test\r\n\r\nx\r\n", defaults()))
                .as("a user of t1 writing another tenant's From")
                .isEqualTo(new SigningOutcome.Unsigned("foreign_domain"));
        assertThat(meters.counter("mail.delivery.outbound.dkim", "outcome", "foreign_domain").count()).isEqualTo(1);
    }

    @Test
    void anUnavailableDirectoryDefersByDefaultOrSendsUnsignedByPolicy() throws IOException {
        answers.put("example.test", new DkimKeyResult.Unavailable("directory circuit open"));
        String message = "From: alice@example.test\r\n\r\nx\r\n";

        assertThat(sign(submitted(), message, defaults())).isInstanceOfSatisfying(SigningOutcome.Deferred.class,
                d -> assertThat(d.detail()).contains("example.test", "directory circuit open"));
        assertThat(sign(submitted(), message, new DkimProperties(true, null, null, null,
                DkimProperties.KeyUnavailable.UNSIGNED))).isEqualTo(new SigningOutcome.Unsigned("key_unavailable"));
    }

    @Test
    void aHeaderWithoutOneClearFromDomainIsNotSigned() throws IOException {
        for (String header : List.of("To: bob@remote.test\r\n", "From: a@example.test\r\nFrom: b@example.test\r\n",
                "From: a@example.test, b@example.test\r\n", "From: undisclosed:;\r\n", "From: nobody\r\n")) {
            assertThat(sign(submitted(), header + "\r\nbody\r\n", defaults())).as(header)
                    .isEqualTo(new SigningOutcome.Unsigned("unsignable"));
        }
        assertThat(asked).isEmpty();
    }

    @Test
    void headerBytesThatAreNotUtf8AreNotSigned() throws IOException {
        byte[] latin1 = "From: alice@example.test\r\nSubject: caf\u00e9\r\n\r\nx\r\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(signer(defaults()).sign(submitted(), () -> new ByteArrayInputStream(latin1)))
                .isEqualTo(new SigningOutcome.Unsigned("unsignable"));
    }

    @Test
    void theHeaderLimitsAreEnforced() throws IOException {
        DkimProperties small = new DkimProperties(true, null, 5, 100, null);
        String longSubject = "From: alice@example.test\r\nSubject: " + "x".repeat(200) + "\r\n\r\nx\r\n";
        StringBuilder many = new StringBuilder("From: alice@example.test\r\n");
        for (int i = 0; i < 10; i++) {
            many.append("X-Trace-").append(i).append(": ").append(i).append("\r\n");
        }

        assertThat(sign(submitted(), longSubject, small)).isEqualTo(new SigningOutcome.Unsigned("unsignable"));
        assertThat(sign(submitted(), many + "\r\nx\r\n", small)).isEqualTo(new SigningOutcome.Unsigned("unsignable"));
        assertThat(sign(submitted(), "From: alice@example.test\r\n\r\nx\r\n", small))
                .isInstanceOf(SigningOutcome.Signed.class);
    }

    @Test
    void signingCanBeSwitchedOff() throws IOException {
        assertThat(sign(submitted(), "From: alice@example.test\r\n\r\nx\r\n",
                new DkimProperties(false, null, null, null, null))).isEqualTo(new SigningOutcome.Unsigned("disabled"));
    }

    @Test
    void theSignedHeaderListMustNameFrom() {
        assertThatThrownBy(() -> new DkimProperties(true, List.of("subject"), null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
    }

    private SigningOutcome sign(InboundMessage m, String content, DkimProperties settings) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Supplier<InputStream> open = () -> new ByteArrayInputStream(bytes);
        return signer(settings).sign(m, open);
    }

    private OutboundSigner signer(DkimProperties settings) {
        return new OutboundSigner(settings, keys, "MX.Example.Test", CLOCK, meters);
    }

    private static byte[] sent(SigningOutcome.Signed signed, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(signed.bytes());
        out.write(message.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static DkimProperties defaults() {
        return new DkimProperties(null, null, null, null, null);
    }

    private static InboundMessage submitted() {
        return message(ALICE);
    }

    /** A message from the null sender, without a user behind it, queued by {@code listener}. */
    private static InboundMessage notice(String listener) {
        return new InboundMessage("Q2", "inbound/2026/12/05/08/y", 100, CLOCK.instant(), "",
                List.of(new InboundMessage.Recipient("alice@remote.test", List.of(), null)),
                new InboundMessage.Dsn(null, null), "8BITMIME", false,
                new InboundMessage.Client("127.0.0.1", "mx.example.test", listener, null, null), "trace-2");
    }

    private static InboundMessage message(Principal submitter) {
        return new InboundMessage("Q1", "inbound/2026/12/05/08/x", 100, CLOCK.instant(), "alice@example.test",
                List.of(new InboundMessage.Recipient("bob@remote.test", List.of(), null)),
                new InboundMessage.Dsn(null, null), "8BITMIME", false,
                new InboundMessage.Client("192.0.2.10", "laptop", submitter == null ? "mx" : "submission", null,
                        submitter), "trace-1");
    }
}
