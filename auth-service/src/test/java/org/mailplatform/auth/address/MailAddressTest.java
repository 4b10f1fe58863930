package org.mailplatform.auth.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MailAddressTest {

    @Test
    void localPartIsKeptAsGivenAndMatchedCaseInsensitively() {
        MailAddress address = MailAddress.parse("Alice.Smith@Example.COM");
        assertThat(address.localPart()).isEqualTo("Alice.Smith");
        assertThat(address.key()).isEqualTo("alice.smith@example.com");
        assertThat(address).hasToString("Alice.Smith@example.com");
    }

    @Test
    void internationalizedDomainHasBothForms() {
        MailAddress address = MailAddress.parse("jörg@Bücher.example");
        assertThat(address.domain().ascii()).isEqualTo("xn--bcher-kva.example");
        assertThat(address.domain().unicode()).isEqualTo("bücher.example");
        assertThat(address.key()).isEqualTo("jörg@xn--bcher-kva.example");
        assertThat(MailAddress.parse("JÖRG@xn--bcher-kva.example").key()).isEqualTo(address.key());
    }

    @Test
    void unnecessaryQuotesAreDroppedAndNecessaryOnesKept() {
        assertThat(MailAddress.parse("\"john.doe\"@example.com").localPart()).isEqualTo("john.doe");
        assertThat(MailAddress.parse("\"john doe\"@example.com").localPart()).isEqualTo("\"john doe\"");
        assertThat(MailAddress.parse("\"a@b\"@example.com").domain().ascii()).isEqualTo("example.com");
    }

    @Test
    void rfc5321LengthLimitsAreEnforced() {
        assertThat(MailAddress.parse("a".repeat(64) + "@example.com").localPart()).hasSize(64);
        assertThatThrownBy(() -> MailAddress.parse("a".repeat(65) + "@example.com"))
                .isInstanceOf(InvalidAddressException.class);
        // 32 two-byte characters are 64 octets, 33 are too many
        assertThat(MailAddress.parse("é".repeat(32) + "@example.com")).isNotNull();
        assertThatThrownBy(() -> MailAddress.parse("é".repeat(33) + "@example.com"))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> DomainName.parse("a".repeat(64) + ".example"))
                .isInstanceOf(InvalidAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "@example.com", "user@", ".user@example.com", "user.@example.com",
            "us..er@example.com", "us er@example.com", "user@exa mple.com", "user@-example.com", "user@example-.com",
            "user@example..com", "user@example.com.", "user@[192.0.2.1]", "\"unterminated@example.com",
            "user@exam_ple.com", "a(comment)@example.com" })
    void invalidAddressesAreRefused(String text) {
        assertThatThrownBy(() -> MailAddress.parse(text)).isInstanceOf(InvalidAddressException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "user+tag@example.com", "o'brien@example.com", "x!#$%&*/=?^_`{|}~-@example.com",
            "用户@例子.广告", "δοκιμή@παράδειγμα.δοκιμή", "user@sub.domain.example", "1@2.example" })
    void validAddressesAreAccepted(String text) {
        assertThat(MailAddress.parse(text).toString()).isNotEmpty();
    }
}
