package org.mailplatform.smtp.clientcheck;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * One asynchronous DNS question with dnsjava's {@link LookupSession} (CNAMEs followed, no cache:
 * the client checks cache whole results; SPF leaves caching to the node's recursive resolver).
 * dnsjava's resolvers are non-blocking, so no thread waits for an answer; every question ends
 * within the timeout, also when a server never answers.
 */
public final class DnsQuery {

    /** The answer to one question: records, a definite "nothing" (NXDOMAIN, NODATA), or a failure. */
    public sealed interface Answer {
        record Records(List<Record> records) implements Answer {
        }

        record Nothing() implements Answer {
        }

        record Failed(String reason) implements Answer {
        }
    }

    private final LookupSession session;
    private final Duration timeout;

    public DnsQuery(Resolver resolver, Duration timeout) {
        this.session = LookupSession.builder().resolver(resolver).clearCaches().build();
        this.timeout = timeout;
    }

    /** Completes with the answer within the timeout, never exceptionally. */
    public CompletableFuture<Answer> ask(Name name, int type) {
        return ask(name, type, timeout);
    }

    /** As {@link #ask(Name, int)}, within {@code wait} instead of the configured timeout. */
    public CompletableFuture<Answer> ask(Name name, int type, Duration wait) {
        return session.lookupAsync(name, type).toCompletableFuture().orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
                .handle((result, failure) -> {
                    if (failure == null) {
                        return result.getRecords().isEmpty() ? new Answer.Nothing() : new Answer.Records(result.getRecords());
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    return cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException
                            ? new Answer.Nothing()
                            : new Answer.Failed(cause.getClass().getSimpleName());
                });
    }

    /**
     * The TXT records of {@code answer}, each record's character-strings joined (RFC 7208 3.3,
     * RFC 6376 3.6.2.2), from the raw bytes: dnsjava's {@code getStrings()} gives the zone-file form
     * with {@code \\013}-style escapes. Empty for no records or a failed question.
     */
    public static List<String> txtStrings(Answer answer) {
        if (!(answer instanceof Answer.Records r)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Record record : r.records()) {
            if (record instanceof TXTRecord txt) {
                StringBuilder joined = new StringBuilder();
                txt.getStringsAsByteArrays().forEach(part -> joined.append(new String(part, StandardCharsets.ISO_8859_1)));
                out.add(joined.toString());
            }
        }
        return out;
    }
}
