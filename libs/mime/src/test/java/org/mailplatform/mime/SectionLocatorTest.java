package org.mailplatform.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.mime.SectionSpec.Text;

class SectionLocatorTest {

    static byte[] forward;
    static MessageSummary summary;

    @BeforeAll
    static void parse() throws IOException {
        forward = CorpusTest.crlf(CorpusTest.resource("forward.eml"));
        summary = new MessageParser().parse(forward);
    }

    static String section(SectionSpec spec) throws IOException {
        var located = SectionLocator.locate(summary, spec);
        if (located.isEmpty()) {
            return null;
        }
        try (InputStream in = SectionReader.open(located.get(), SectionReader.of(forward))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void wholeMessageIsEveryByte() throws IOException {
        assertThat(section(SectionSpec.whole())).isEqualTo(new String(forward, StandardCharsets.UTF_8));
    }

    @Test
    void headerIncludesTheBlankLine() throws IOException {
        assertThat(section(SectionSpec.of(Text.HEADER))).isEqualTo(
                "From: a@example.com\r\nTo: b@example.com\r\nSubject: Fwd: hello\r\n"
                        + "Content-Type: multipart/mixed; boundary=b1\r\n\r\n");
    }

    @Test
    void headerFieldsKeepsOnlyTheNamedFieldsAndTheBlankLine() throws IOException {
        assertThat(section(new SectionSpec(List.of(), Text.HEADER_FIELDS, List.of("subject", "TO"))))
                .isEqualTo("To: b@example.com\r\nSubject: Fwd: hello\r\n\r\n");
        assertThat(section(new SectionSpec(List.of(), Text.HEADER_FIELDS_NOT, List.of("content-type", "from"))))
                .isEqualTo("To: b@example.com\r\nSubject: Fwd: hello\r\n\r\n");
    }

    @Test
    void numberedPartIsItsBodyWithoutTheDelimiterLineBreak() throws IOException {
        assertThat(section(SectionSpec.of(Text.CONTENT, 1))).isEqualTo("See below.");
        assertThat(section(SectionSpec.of(Text.MIME, 1))).isEqualTo("Content-Type: text/plain\r\n\r\n");
    }

    @Test
    void encapsulatedMessageHasItsOwnHeaderTextAndParts() throws IOException {
        assertThat(section(SectionSpec.of(Text.HEADER, 2))).isEqualTo("From: c@example.net\r\nSubject: hello\r\n"
                + "Content-Type: multipart/alternative; boundary=b2\r\n\r\n");
        assertThat(section(SectionSpec.of(Text.TEXT, 2))).startsWith("--b2\r\n\r\nplain").endsWith("--b2--");
        assertThat(section(SectionSpec.of(Text.CONTENT, 2))).startsWith("From: c@example.net").endsWith("--b2--");
        assertThat(section(SectionSpec.of(Text.CONTENT, 2, 1))).isEqualTo("plain");
        assertThat(section(SectionSpec.of(Text.CONTENT, 2, 2))).isEqualTo("<b>html</b>");
        assertThat(section(SectionSpec.of(Text.MIME, 2, 2))).isEqualTo("Content-Type: text/html\r\n\r\n");
        assertThat(section(new SectionSpec(List.of(2), Text.HEADER_FIELDS, List.of("Subject"))))
                .isEqualTo("Subject: hello\r\n\r\n");
    }

    @Test
    void missingPartsAreNotFound() throws IOException {
        assertThat(section(SectionSpec.of(Text.CONTENT, 3))).isNull();
        assertThat(section(SectionSpec.of(Text.CONTENT, 1, 2))).isNull();
        assertThat(section(SectionSpec.of(Text.HEADER, 1))).isNull();
        assertThat(section(SectionSpec.of(Text.CONTENT, 0))).isNull();
    }

    @Test
    void partOneOfASinglePartMessageIsItsBody() throws IOException {
        byte[] simple = CorpusTest.crlf(CorpusTest.resource("simple.eml"));
        MessageSummary s = new MessageParser().parse(simple);
        var located = SectionLocator.locate(s, SectionSpec.of(Text.CONTENT, 1)).orElseThrow();
        try (InputStream in = SectionReader.open(located, SectionReader.of(simple))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("Hello Joe, do you think we can meet at 3:30 tomorrow?\r\nLine two.\r\n");
        }
    }
}
