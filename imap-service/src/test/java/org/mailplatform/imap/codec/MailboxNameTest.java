package org.mailplatform.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MailboxNameTest {

    @Test
    void decodesAndEncodesModifiedUtf7() {
        // examples of RFC 3501 section 5.1.3
        assertThat(MailboxName.decodeModifiedUtf7("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).isEqualTo("~peter/mail/台北/日本語");
        assertThat(MailboxName.encodeModifiedUtf7("~peter/mail/台北/日本語")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(MailboxName.decodeModifiedUtf7("Entw&APw-rfe")).isEqualTo("Entwürfe");
        assertThat(MailboxName.encodeModifiedUtf7("Tom & Jerry")).isEqualTo("Tom &- Jerry");
        assertThat(MailboxName.decodeModifiedUtf7("Tom &- Jerry")).isEqualTo("Tom & Jerry");
        assertThat(MailboxName.encodeModifiedUtf7("😀")).isEqualTo("&2D3eAA-");
        assertThat(MailboxName.decodeModifiedUtf7("&2D3eAA-")).isEqualTo("😀");
    }

    @Test
    void refusesBrokenModifiedUtf7() {
        assertThatThrownBy(() -> MailboxName.decodeModifiedUtf7("a&Jjo")).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> MailboxName.decodeModifiedUtf7("&AGE-")).isInstanceOf(ImapSyntaxException.class); // "a"
        assertThatThrownBy(() -> MailboxName.decodeModifiedUtf7("&A-")).isInstanceOf(ImapSyntaxException.class);
        assertThatThrownBy(() -> MailboxName.decodeModifiedUtf7("&*!-")).isInstanceOf(ImapSyntaxException.class);
    }

    @Test
    void utf8ClientsSendNamesAsTheyAre() {
        assertThat(MailboxName.fromWire("Entw&APw-rfe", true)).isEqualTo("Entw&APw-rfe");
        assertThat(MailboxName.fromWire("Entw&APw-rfe", false)).isEqualTo("Entwürfe");
        assertThat(MailboxName.toWire("Entwürfe", true)).isEqualTo("Entwürfe");
    }

    @Test
    void inboxIsCaseInsensitiveAlsoAsParent() {
        assertThat(MailboxName.fromWire("inbox", false)).isEqualTo("INBOX");
        assertThat(MailboxName.fromWire("InBoX/Sub", true)).isEqualTo("INBOX/Sub");
        assertThat(MailboxName.fromWire("Inboxes", true)).isEqualTo("Inboxes");
    }
}
