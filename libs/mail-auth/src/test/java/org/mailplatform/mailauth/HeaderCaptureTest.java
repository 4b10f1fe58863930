package org.mailplatform.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderCaptureTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theBodyStartsAfterTheEmptyLineAndTheHeaderKeepsItsLastLineEnd() {
        HeaderCapture capture = new HeaderCapture(1000);
        byte[] data = ascii("From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n");
        int body = capture.accept(data, 0, data.length);
        assertThat(new String(data, body, data.length - body, StandardCharsets.US_ASCII)).isEqualTo("body\r\n");
        assertThat(capture.complete()).isTrue();
        assertThat(new String(capture.bytes(), StandardCharsets.US_ASCII)).isEqualTo("From: a@example.com\r\nSubject: x\r\n");
    }

    @Test
    void theEmptyLineMayBeSplitAcrossChunksAtEveryPosition() {
        String message = "Subject: x\r\n\r\nbody";
        for (int split = 1; split < message.length(); split++) {
            HeaderCapture capture = new HeaderCapture(1000);
            byte[] first = ascii(message.substring(0, split));
            byte[] second = ascii(message.substring(split));
            int body = capture.accept(first, 0, first.length);
            String rest;
            if (body >= 0) {
                rest = new String(first, body, first.length - body, StandardCharsets.US_ASCII) + message.substring(split);
            } else {
                int at = capture.accept(second, 0, second.length);
                rest = new String(second, at, second.length - at, StandardCharsets.US_ASCII);
            }
            assertThat(rest).as("split at %d", split).isEqualTo("body");
            assertThat(new String(capture.bytes(), StandardCharsets.US_ASCII)).as("split at %d", split).isEqualTo("Subject: x\r\n");
        }
    }

    @Test
    void aLeadingEmptyLineIsAnEmptyHeader() {
        HeaderCapture capture = new HeaderCapture(1000);
        byte[] data = ascii("\r\nonly body");
        assertThat(capture.accept(data, 0, data.length)).isEqualTo(2);
        assertThat(capture.bytes()).isEmpty();
    }

    @Test
    void aBareCrBeforeTheLineEndDoesNotEndTheHeader() {
        HeaderCapture capture = new HeaderCapture(1000);
        byte[] data = ascii("Subject: a\r\r\nX: y\r\n\r\nb");
        int body = capture.accept(data, 0, data.length);
        assertThat(new String(data, body, data.length - body, StandardCharsets.US_ASCII)).isEqualTo("b");
    }

    @Test
    void aHeaderPastTheLimitIsMarkedAndNotKept() {
        HeaderCapture capture = new HeaderCapture(16);
        byte[] data = ascii("Subject: a long subject line\r\n\r\nb");
        int body = capture.accept(data, 0, data.length);
        assertThat(body).isEqualTo(data.length - 1);
        assertThat(capture.overflowed()).isTrue();
        assertThat(capture.complete()).isTrue();
    }

    /** Found by review: the empty line after the header counted against the limit, so a header of exactly the limit was refused. */
    @Test
    void aHeaderOfExactlyTheLimitIsKeptOneByteMoreIsNot() {
        String header = "Subject: 012345678\r\n"; // 20 bytes
        for (int chunk : new int[] {1, 3, 100}) {
            HeaderCapture exact = new HeaderCapture(20);
            feed(exact, header + "\r\nbody", chunk);
            assertThat(exact.overflowed()).as("chunks of %d", chunk).isFalse();
            assertThat(new String(exact.bytes(), StandardCharsets.US_ASCII)).isEqualTo(header);

            HeaderCapture over = new HeaderCapture(19);
            feed(over, header + "\r\nbody", chunk);
            assertThat(over.overflowed()).as("chunks of %d", chunk).isTrue();
        }
        // a message that ends inside its header: the limit is the header's too
        HeaderCapture cut = new HeaderCapture(19);
        feed(cut, header, 100);
        assertThat(cut.complete()).isFalse();
        assertThat(cut.overflowed()).isTrue();
        HeaderCapture fits = new HeaderCapture(20);
        feed(fits, header, 100);
        assertThat(fits.overflowed()).isFalse();
    }

    private static void feed(HeaderCapture capture, String message, int chunk) {
        byte[] data = ascii(message);
        // as the MX feeds it: a header found too large stops the capture
        for (int off = 0; off < data.length && !capture.complete() && !capture.overflowed(); off += chunk) {
            capture.accept(data, off, Math.min(chunk, data.length - off));
        }
    }

    @Test
    void aMessageWithoutEmptyLineIsAllHeader() {
        HeaderCapture capture = new HeaderCapture(1000);
        byte[] data = ascii("Subject: a\r\n");
        assertThat(capture.accept(data, 0, data.length)).isEqualTo(-1);
        assertThat(capture.complete()).isFalse();
        assertThat(new String(capture.bytes(), StandardCharsets.US_ASCII)).isEqualTo("Subject: a\r\n");
    }

    @Test
    void headerFieldsParseFoldedFieldsAndTheFromDomain() {
        HeaderFields fields = HeaderFields.parse(ascii("From: \"A\" <a@Sub.Example.COM>\r\nSubject: one\r\n two\r\n"), 100);
        assertThat(fields.complete()).isTrue();
        assertThat(fields.getFields("subject")).containsExactly("Subject: one\r\n two");
        assertThat(fields.fromDomain()).isEqualTo("sub.example.com");
    }

    @Test
    void headerFieldsBeyondTheLimitMakeItIncomplete() {
        HeaderFields fields = HeaderFields.parse(ascii("A: 1\r\nB: 2\r\nC: 3\r\n"), 2);
        assertThat(fields.complete()).isFalse();
        assertThat(fields.getFields()).hasSize(2);
    }

    @Test
    void twoFromAddressesHaveNoFromDomain() {
        assertThat(HeaderFields.parse(ascii("From: a@x.example, b@y.example\r\n"), 10).fromDomain()).isNull();
        assertThat(HeaderFields.parse(ascii("From: a@x.example\r\nFrom: b@y.example\r\n"), 10).fromDomain()).isNull();
    }

    @Test
    void everyFromDomainIsListedOnce() {
        HeaderFields fields = HeaderFields.parse(ascii("From: a@One.example, b@two.example\r\nFrom: c@one.example\r\n"), 10);
        assertThat(fields.fromDomains()).containsExactly("one.example", "two.example");
        assertThat(HeaderFields.parse(ascii("Subject: x\r\n"), 10).fromDomains()).isEmpty();
        assertThat(HeaderFields.parse(ascii("From: undisclosed\r\n"), 10).fromDomains()).containsExactly((String) null);
    }

    @Test
    void aFieldThatIsNotUtf8IsReadAsLatin1SoItsFromStillCounts() {
        byte[] header = "From: J\u00f6rg <ceo@bank.example>\r\n".getBytes(StandardCharsets.ISO_8859_1);
        HeaderFields fields = HeaderFields.parse(header, 10);
        assertThat(fields.fromDomains()).containsExactly("bank.example");
        assertThat(fields.complete()).isTrue();
    }
}
