package org.mailplatform.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.mime4j.dom.address.Mailbox;
import org.junit.jupiter.api.Test;

class HeaderAddressesTest {

    @Test
    void aUtf8DisplayNameAndAULabelDomainParseWhole() {
        assertThat(HeaderAddresses.parse("\"Müller, Hans\" <hans@bücher.example>, ann@example.com").flatten())
                .extracting(Mailbox::getAddress).containsExactly("hans@bücher.example", "ann@example.com");
    }

    @Test
    void aValueWithoutAddressesHasNone() {
        assertThat(HeaderAddresses.parse("undisclosed-recipients:;").flatten()).isEmpty();
    }
}
