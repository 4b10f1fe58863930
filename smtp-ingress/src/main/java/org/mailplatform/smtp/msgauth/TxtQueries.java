package org.mailplatform.smtp.msgauth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mailplatform.mailauth.dns.TxtLookup;
import org.mailplatform.smtp.clientcheck.DnsQuery;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The TXT questions of DKIM and DMARC through the client checks' {@link DnsQuery}: the same servers
 * and the same per-question timeout. Blocks the calling (virtual) thread for the answer, which
 * {@code DnsQuery} bounds, so it is called only from the session's blocking work.
 */
final class TxtQueries implements TxtLookup {

    private final DnsQuery dns;

    TxtQueries(DnsQuery dns) {
        this.dns = dns;
    }

    @Override
    public List<String> txt(String name) throws TemporaryDnsFailure {
        Name query;
        try {
            query = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return List.of(); // not a name DNS can hold (a label over 63 octets): no record there
        }
        return switch (dns.ask(query, Type.TXT).join()) {
            case DnsQuery.Answer.Records r -> strings(r.records());
            case DnsQuery.Answer.Nothing n -> List.of();
            case DnsQuery.Answer.Failed f -> throw new TemporaryDnsFailure(name + ": " + f.reason());
        };
    }

    /** Each record's character-strings joined, from the raw bytes (getStrings() gives zone-file escapes). */
    private static List<String> strings(List<Record> records) {
        List<String> out = new ArrayList<>();
        for (Record record : records) {
            if (record instanceof TXTRecord txt) {
                StringBuilder joined = new StringBuilder();
                txt.getStringsAsByteArrays().forEach(part -> joined.append(new String(part, StandardCharsets.ISO_8859_1)));
                out.add(joined.toString());
            }
        }
        return out;
    }
}
