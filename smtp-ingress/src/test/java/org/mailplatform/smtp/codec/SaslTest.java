package org.mailplatform.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SaslTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainSplitsAuthzidLoginAndPassword() throws Exception {
        assertThat(Sasl.plain(b64("\u0000alice@example.com\u0000s3cret")))
                .isEqualTo(new Sasl.PlainCredentials("", "alice@example.com", "s3cret"));
    }

    @Test
    void plainRejectsMalformedResponses() {
        assertThatThrownBy(() -> Sasl.plain(b64("alice"))).hasMessageContaining("501 5.5.2");
        assertThatThrownBy(() -> Sasl.plain("!!notbase64")).hasMessageContaining("501 5.5.2 Invalid base64");
    }

    @Test
    void credentialsNeverShowThePassword() throws Exception {
        assertThat(Sasl.plain(b64("\u0000a@b\u0000hunter2")).toString()).doesNotContain("hunter2");
    }

    @Test
    void loginChallengesAndCancel() throws Exception {
        assertThat(Sasl.LOGIN_USERNAME_CHALLENGE).isEqualTo("VXNlcm5hbWU6");
        assertThat(Sasl.loginStep(b64("bob"))).isEqualTo("bob");
        assertThat(Sasl.cancelled("*")).isTrue();
    }
}
