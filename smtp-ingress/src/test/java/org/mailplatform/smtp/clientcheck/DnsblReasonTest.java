package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** A block list's TXT text as it may appear in a 554 reply line. */
class DnsblReasonTest {

    @Test
    void stringsAreJoinedAndKeptToOneLineOfPrintableAscii() throws Exception {
        assertThat(DnsblLookup.reason(txt("Blocked,\r\n", "see https://x.example/\u00e9\u0000?ip=1"))).isEqualTo(
                "Blocked, see https://x.example/ ?ip=1");
    }

    @Test
    void aLongTextIsCutAndNothingUsableIsNoReason() throws Exception {
        assertThat(DnsblLookup.reason(txt("x".repeat(150), "y".repeat(150)))).hasSize(DnsblLookup.MAX_REASON);
        assertThat(DnsblLookup.reason(txt(" \t "))).isNull();
        assertThat(DnsblLookup.reason(new DnsQuery.Answer.Nothing())).isNull();
        assertThat(DnsblLookup.reason(new DnsQuery.Answer.Failed("timeout"))).isNull();
    }

    private static DnsQuery.Answer txt(String... strings) throws Exception {
        return new DnsQuery.Answer.Records(List.of(new TXTRecord(Name.fromString("2.0.0.127.bl.example."), DClass.IN, 60,
                List.of(strings))));
    }
}
