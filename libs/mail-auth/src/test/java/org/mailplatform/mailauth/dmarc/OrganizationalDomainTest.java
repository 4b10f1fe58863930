package org.mailplatform.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OrganizationalDomainTest {

    private final OrganizationalDomain orgs = new OrganizationalDomain();

    @ParameterizedTest
    @CsvSource({
            "mail.example.co.uk, example.co.uk",
            "a.b.example.com, example.com",
            "example.com, example.com",
            "Mail.Example.COM., example.com",
            "co.uk, co.uk",
            "com, com",
            "mail.xn--mller-kva.de, xn--mller-kva.de",
            "mail.example.xn--p1ai, example.xn--p1ai",
            // private section of the PSL counts: tenants of github.io are separate organisations
            "www.alice.github.io, alice.github.io",
            "github.io, github.io",
            // a TLD the list lacks is a one-label suffix (the PSL's implicit * rule)
            "mail.example.zzz, example.zzz",
            "zzz, zzz",
    })
    void organizationalDomain(String domain, String expected) {
        assertThat(orgs.of(domain)).isEqualTo(expected);
    }

    @Test
    void refusesWhatIsNotAnAsciiDomainName() {
        assertThatThrownBy(() -> orgs.of("ex ample.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orgs.of("a..example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orgs.of("müller.de")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> orgs.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
