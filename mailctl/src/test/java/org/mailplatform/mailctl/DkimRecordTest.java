package org.mailplatform.mailctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DkimRecordTest {

    @Test
    void theKeyIsCutIntoTxtStringsOfAtMost255Characters() {
        String key = "A".repeat(600);
        List<String> strings = DkimRecord.strings("v=DKIM1; k=rsa; p=" + key);
        assertThat(strings).containsExactly("v=DKIM1; k=rsa; ", "p=" + "A".repeat(253), "A".repeat(255), "A".repeat(92));
        assertThat(String.join("", strings)).isEqualTo("v=DKIM1; k=rsa; p=" + key);
    }

    @Test
    void theZoneEntryIsOneParenthesisedTxtRecord() {
        assertThat(DkimRecord.zoneEntry("s1._domainkey.example.test", "v=DKIM1; k=rsa; p=MIIB")).isEqualTo("""
                s1._domainkey.example.test. IN TXT (
                    "v=DKIM1; k=rsa; "
                    "p=MIIB" )""");
    }
}
