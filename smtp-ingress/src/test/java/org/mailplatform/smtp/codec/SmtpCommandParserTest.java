package org.mailplatform.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpCommandParserTest {

    static SmtpCommand parse(String line) throws SmtpSyntaxException {
        return SmtpCommandParser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    static String replyTo(String line) {
        try {
            return "parsed " + parse(line);
        } catch (SmtpSyntaxException e) {
            return e.reply().toString();
        }
    }

    @Test
    void verbsAreCaseInsensitive() throws Exception {
        assertThat(parse("ehlo client.example")).isEqualTo(new SmtpCommand.Ehlo("client.example"));
        assertThat(parse("HeLo client.example")).isEqualTo(new SmtpCommand.Helo("client.example"));
        assertThat(parse("data")).isEqualTo(new SmtpCommand.Data());
        assertThat(parse("NOOP anything goes")).isEqualTo(new SmtpCommand.Noop());
        assertThat(parse("StartTLS")).isEqualTo(new SmtpCommand.StartTls());
    }

    @Test
    void mailFromWithEveryParameter() throws Exception {
        assertThat(parse("MAIL FROM:<a@example.com> SIZE=1000 BODY=8bitmime RET=HDRS ENVID=QQ+2B1 AUTH=<>"))
                .isEqualTo(new SmtpCommand.Mail("a@example.com", 1000, "8BITMIME", false, "HDRS", "QQ+1"));
    }

    @Test
    void nullSenderAndSpaceAfterColonAndSourceRoute() throws Exception {
        assertThat(parse("MAIL FROM:<>")).isEqualTo(new SmtpCommand.Mail("", -1, null, false, null, null));
        assertThat(parse("mail from: <b@example.com>")).isEqualTo(new SmtpCommand.Mail("b@example.com", -1, null, false, null, null));
        assertThat(parse("RCPT TO:<@relay.example,@r2.example:c@example.com>"))
                .isEqualTo(new SmtpCommand.Rcpt("c@example.com", List.of(), null));
    }

    @Test
    void quotedLocalPartMayHoldSpecials() throws Exception {
        assertThat(parse("RCPT TO:<\"odd >name\"@example.com>"))
                .isEqualTo(new SmtpCommand.Rcpt("\"odd >name\"@example.com", List.of(), null));
    }

    @Test
    void rcptWithDsnParameters() throws Exception {
        assertThat(parse("RCPT TO:<c@example.com> NOTIFY=success,failure ORCPT=rfc822;c+40example.com"))
                .isEqualTo(new SmtpCommand.Rcpt("c@example.com", List.of("SUCCESS", "FAILURE"), "rfc822;c@example.com"));
        assertThat(parse("RCPT TO:<Postmaster>")).isEqualTo(new SmtpCommand.Rcpt("Postmaster", List.of(), null));
    }

    @Test
    void utf8AddressesNeedSmtpUtf8() throws Exception {
        assertThat(parse("MAIL FROM:<jürgen@bücher.example> SMTPUTF8"))
                .isEqualTo(new SmtpCommand.Mail("jürgen@bücher.example", -1, null, true, null, null));
        assertThat(replyTo("MAIL FROM:<jürgen@bücher.example>")).isEqualTo("553 5.6.7 Non-ASCII address requires SMTPUTF8");
    }

    @Test
    void bdatAndAuth() throws Exception {
        assertThat(parse("BDAT 100")).isEqualTo(new SmtpCommand.Bdat(100, false));
        assertThat(parse("bdat 0 last")).isEqualTo(new SmtpCommand.Bdat(0, true));
        assertThat(parse("AUTH plain AGFAYg==")).isEqualTo(new SmtpCommand.Auth("PLAIN", "AGFAYg=="));
        assertThat(parse("AUTH LOGIN")).isEqualTo(new SmtpCommand.Auth("LOGIN", null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "FOO                                   # 500 5.5.1 Command unrecognized",
            "''                                    # 500 5.5.2 Syntax error: empty command",
            "EHLO                                  # 501 5.5.4 Syntax: EHLO domain-or-address-literal",
            "MAIL TO:<a@b.example>                 # 501 5.5.4 Syntax: MAIL FROM:<address>",
            "MAIL FROM:a@b.example                 # 501 5.5.4 Syntax: address must be in angle brackets",
            "MAIL FROM:<a@b.example                # 501 5.5.4 Syntax: unterminated address",
            "MAIL FROM:<a@b.example>SIZE=1         # 501 5.5.4 Syntax: space expected after address",
            "MAIL FROM:<a@b.example> SIZE=x        # 501 5.5.4 Syntax: SIZE=number",
            "MAIL FROM:<a@b.example> BODY=9BIT     # 501 5.5.4 Syntax: BODY=7BIT|8BITMIME|BINARYMIME",
            "MAIL FROM:<a@b.example> FOO=1         # 555 5.5.4 Unsupported parameter FOO",
            "MAIL FROM:<a@b.example> SIZE=1 SIZE=2 # 501 5.5.4 Duplicate parameter SIZE",
            "MAIL FROM:<ab.example>                # 501 5.5.4 Address must be local-part@domain",
            "RCPT TO:<>                            # 501 5.5.4 Empty recipient",
            "RCPT TO:<a@b.example> NOTIFY=NEVER,DELAY # 501 5.5.4 NOTIFY=NEVER cannot be combined",
            "RCPT TO:<a@b.example> ORCPT=rfc822    # 501 5.5.4 Syntax: ORCPT=addr-type;xtext",
            "DATA now                              # 501 5.5.4 No arguments allowed",
            "BDAT many                             # 501 5.5.4 Syntax: BDAT chunk-size [LAST]",
            "BDAT 10 FIRST                         # 501 5.5.4 Syntax: BDAT chunk-size [LAST]",
            "VRFY                                  # 501 5.5.4 Argument required",
    })
    void malformedCommandsGetPreciseReplies(String line, String reply) {
        assertThat(replyTo(line)).isEqualTo(reply);
    }

    @Test
    void aHeloWithAControlCharacterIsASyntaxError() {
        assertThat(replyTo("EHLO evil.example\rX-Injected:yes")).isEqualTo("501 5.5.4 Syntax: EHLO domain-or-address-literal");
        assertThat(replyTo("HELO evil.example\tx")).isEqualTo("501 5.5.4 Syntax: EHLO domain-or-address-literal");
    }

    @Test
    void invalidUtf8IsASyntaxError() {
        assertThatThrownBy(() -> SmtpCommandParser.parse(new byte[] {'N', 'O', 'O', 'P', ' ', (byte) 0xC3}))
                .isInstanceOf(SmtpSyntaxException.class)
                .hasMessageContaining("500 5.5.2");
    }
}
