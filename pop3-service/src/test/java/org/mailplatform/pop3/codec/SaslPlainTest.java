package org.mailplatform.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SaslPlainTest {

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesAuthzidAuthcidPassword() throws Exception {
        assertThat(SaslPlain.decode(b64("\u0000alice@example.org\u0000pw d")))
                .isEqualTo(new SaslPlain.Credentials("", "alice@example.org", "pw d"));
        assertThat(SaslPlain.decode(b64("bob\u0000alice\u0000x")).authzid()).isEqualTo("bob");
    }

    @Test
    void refusesMalformedResponses() {
        assertThatThrownBy(() -> SaslPlain.decode("not base64!")).isInstanceOf(Pop3SyntaxException.class);
        assertThatThrownBy(() -> SaslPlain.decode(b64("only-one-part"))).isInstanceOf(Pop3SyntaxException.class);
        assertThatThrownBy(() -> SaslPlain.decode(b64("\u0000\u0000pw"))).isInstanceOf(Pop3SyntaxException.class);
        assertThatThrownBy(() -> SaslPlain.decode("=")).isInstanceOf(Pop3SyntaxException.class);
    }

    @Test
    void starCancels() {
        assertThat(SaslPlain.cancelled("*")).isTrue();
        assertThat(SaslPlain.cancelled("AGE=")).isFalse();
    }
}
