package org.mailplatform.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ForgedResultsFilterTest {

    private static final String OURS = "mx.test.example";
    private static final String BODY = "\r\nAuthentication-Results: mx.test.example; dkim=pass\r\nbody\r\n";

    /** Runs {@code message} through a filter in pieces of {@code piece} bytes. */
    private static String filtered(String message, int piece, int maxUndecided) {
        ForgedResultsFilter filter = new ForgedResultsFilter(OURS, maxUndecided);
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < data.length; i += piece) {
            out.writeBytes(filter.accept(Arrays.copyOfRange(data, i, Math.min(data.length, i + piece))));
        }
        out.writeBytes(filter.finish());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The same result whatever the pieces: one byte at a time up to the whole message at once. */
    private static String filtered(String message) {
        String whole = filtered(message, Integer.MAX_VALUE, 1000);
        for (int piece = 1; piece < message.length(); piece++) {
            assertThat(filtered(message, piece, 1000)).as("in pieces of %d", piece).isEqualTo(whole);
        }
        return whole;
    }

    @Test
    void aFieldClaimingOurAuthservIdIsRemovedAndOthersStay() {
        String message = "Received: from a\r\n"
                + "Authentication-Results: mx.test.example; spf=pass smtp.mailfrom=ceo@bank.example\r\n"
                + "Authentication-Results: mx.other.example; dkim=fail\r\n"
                + "From: ceo@bank.example\r\n" + BODY;
        assertThat(filtered(message)).isEqualTo("Received: from a\r\n"
                + "Authentication-Results: mx.other.example; dkim=fail\r\n"
                + "From: ceo@bank.example\r\n" + BODY);
    }

    @Test
    void oddCaseCommentsFoldingVersionAndQuotesStillClaimOurs() {
        String message = "AUTHENTICATION-results: MX.Test.Example 1; dkim=pass\r\n"
                + "Authentication-Results :\r\n (forged (nested) \\) comment)\r\n\tmx.test.example.\r\n\t; dmarc=pass\r\n"
                + "authentication-results: \"mx.test.EXAMPLE\"; none\r\n"
                + "Authentication-Results: mx.test.example(c);spf=pass\r\n"
                + "Subject: hi\r\n" + BODY;
        assertThat(filtered(message)).isEqualTo("Subject: hi\r\n" + BODY);
    }

    @Test
    void namesThatOnlyResembleOursStay() {
        String message = "Authentication-Results: mx.test.example.evil; dkim=pass\r\n"
                + "Authentication-Results: evil.mx.test.example; dkim=pass\r\n"
                + "Authentication-Results-Copy: mx.test.example; dkim=pass\r\n"
                + "X-Authentication-Results: mx.test.example; dkim=pass\r\n"
                + "Authentication-Results: ; mx.test.example\r\n"
                + "Subject: mx.test.example\r\n" + BODY;
        assertThat(filtered(message)).isEqualTo(message);
    }

    @Test
    void aRemovedFieldTakesItsContinuationLinesAlong() {
        String message = "Authentication-Results: mx.test.example;\r\n\tspf=pass;\r\n\tdkim=pass header.d=bank.example\r\n"
                + "Authentication-Results: other.example;\r\n\tspf=fail\r\n" + BODY;
        assertThat(filtered(message)).isEqualTo("Authentication-Results: other.example;\r\n\tspf=fail\r\n" + BODY);
    }

    @Test
    void theBodyIsNeverTouched() {
        assertThat(filtered("Subject: x\r\n" + BODY)).isEqualTo("Subject: x\r\n" + BODY);
        assertThat(filtered(BODY)).isEqualTo(BODY);
    }

    @Test
    void aMessageEndingInsideItsHeaderKeepsWhatWasHeld() {
        assertThat(filtered("Subject: x\r\nAuthentication-Res")).isEqualTo("Subject: x\r\nAuthentication-Res");
        assertThat(filtered("Subject: x\r\nAuthentication-Results: oth")).isEqualTo("Subject: x\r\nAuthentication-Results: oth");
        assertThat(filtered("Subject: x\r\nAuthentication-Results: mx.test.example")).isEqualTo("Subject: x\r\n");
        assertThat(filtered("Subject: x\r\nAuthentication-Results: (c)\r\n")).isEqualTo("Subject: x\r\nAuthentication-Results: (c)\r\n");
        assertThat(filtered("Subject: x\r\n\r")).isEqualTo("Subject: x\r\n\r");
    }

    @Test
    void aFieldWhoseAuthservIdIsBeyondTheLimitIsRemovedAndMemoryStaysBounded() {
        String comment = "(" + "x".repeat(5000) + ")";
        String message = "Authentication-Results: " + comment + " other.example; spf=pass\r\nSubject: x\r\n" + BODY;
        assertThat(filtered(message, 1, 1000)).isEqualTo("Subject: x\r\n" + BODY);
        assertThat(filtered(message, 1, 10_000)).isEqualTo(message);
    }

    @Test
    void removedFieldsAreCounted() {
        ForgedResultsFilter filter = new ForgedResultsFilter(OURS, 1000);
        filter.accept(("Authentication-Results: mx.test.example; none\r\nAuthentication-Results: x.example; none\r\n"
                + "Authentication-Results: MX.TEST.EXAMPLE; none\r\n" + BODY).getBytes(StandardCharsets.US_ASCII));
        assertThat(filter.removed()).isEqualTo(2);
    }

    @Test
    void aUnicodeAuthservIdMatchesItsALabel() {
        ForgedResultsFilter filter = new ForgedResultsFilter("mx.bücher.example", 1000);
        byte[] out = filter.accept(("Authentication-Results: mx.xn--bcher-kva.example; none\r\nSubject: x\r\n" + BODY)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("Subject: x\r\n" + BODY);
    }
}
