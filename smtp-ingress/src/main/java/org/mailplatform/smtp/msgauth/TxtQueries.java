package org.mailplatform.smtp.msgauth;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.mailplatform.mailauth.dns.TxtLookup;
import org.mailplatform.smtp.clientcheck.DnsQuery;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The TXT questions of DKIM and DMARC through the client checks' {@link DnsQuery}: the same servers
 * and the same per-question timeout. {@link #prefetch} starts a question without waiting (on the
 * event loop, when a message's header has arrived), {@link #txt} waits for its answer (on the
 * session's blocking work, once the body is stored), so the lookups overlap the body's transfer
 * instead of following it. Questions in flight and answers are shared for {@value #REUSE_SECONDS}
 * seconds across the node's messages (many messages of one sender arrive together); a failed
 * question is not kept, so the next message asks again.
 */
final class TxtQueries implements TxtLookup {

    static final int REUSE_SECONDS = 30;

    private final DnsQuery dns;
    private final Cache<String, CompletableFuture<DnsQuery.Answer>> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(REUSE_SECONDS)).maximumSize(10_000).build();

    TxtQueries(DnsQuery dns) {
        this.dns = dns;
    }

    /** Starts asking for {@code name}'s TXT records, if no question for it is in flight or recent. */
    void prefetch(String name) {
        answer(name);
    }

    @Override
    public List<String> txt(String name) throws TemporaryDnsFailure {
        CompletableFuture<DnsQuery.Answer> answer = answer(name);
        if (answer == null) {
            return List.of(); // not a name DNS can hold (a label over 63 octets): no record there
        }
        return switch (answer.join()) { // DnsQuery completes within its timeout, never exceptionally
            case DnsQuery.Answer.Records r -> DnsQuery.txtStrings(r);
            case DnsQuery.Answer.Nothing n -> List.of();
            case DnsQuery.Answer.Failed f -> throw new TemporaryDnsFailure(name + ": " + f.reason());
        };
    }

    private CompletableFuture<DnsQuery.Answer> answer(String name) {
        Name query;
        try {
            query = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return null;
        }
        String key = query.toString().toLowerCase(Locale.ROOT);
        CompletableFuture<DnsQuery.Answer> answer = recent.get(key, k -> dns.ask(query, Type.TXT));
        answer.thenAccept(a -> {
            if (a instanceof DnsQuery.Answer.Failed) {
                recent.asMap().remove(key, answer);
            }
        });
        return answer;
    }
}
