package org.mailplatform.teststack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * A dnsjava {@link Resolver} answering from records given by the test (a zone in memory), so
 * lookups go through dnsjava's real lookup logic without a network. Names with no record are
 * NXDOMAIN; names in {@link #servfail} answer SERVFAIL; names in {@link #silent} never answer (a
 * DNS server that does not respond, for timeouts); names in {@link #delay} answer late. Every
 * question asked is kept in {@link #queries}.
 */
public final class StaticDnsResolver implements Resolver {

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Map<Name, Duration> delays = new ConcurrentHashMap<>();
    private final List<Record> queries = new CopyOnWriteArrayList<>();

    public StaticDnsResolver add(Record record) {
        records.computeIfAbsent(record.getName(), k -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    public StaticDnsResolver servfail(Name name) {
        servfail.add(name);
        return this;
    }

    /** Questions about {@code name} get no answer at all; the caller's timeout has to end them. */
    public StaticDnsResolver silent(Name name) {
        silent.add(name);
        return this;
    }

    /** Answers about {@code name} arrive only after {@code by} (a slow server, still within a timeout). */
    public StaticDnsResolver delay(Name name, Duration by) {
        delays.put(name, by);
        return this;
    }

    /** The questions asked so far, in order. */
    public List<Record> queries() {
        return List.copyOf(queries);
    }

    /** How many questions about {@code name} were asked so far. */
    public long queriesFor(Name name) {
        return queries.stream().filter(q -> q.getName().equals(name)).count();
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Record question = query.getQuestion();
        queries.add(question);
        if (silent.contains(question.getName())) {
            return new CompletableFuture<>();
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (servfail.contains(question.getName())) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            known.stream().filter(r -> r.getType() == question.getType()).forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        Duration delay = delays.get(question.getName());
        return delay == null ? CompletableFuture.completedFuture(response)
                : CompletableFuture.supplyAsync(() -> response, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
