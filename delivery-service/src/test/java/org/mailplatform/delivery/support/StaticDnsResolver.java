package org.mailplatform.delivery.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

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
 * A dnsjava {@link Resolver} answering from records given by the test (a zone in memory), so MX
 * lookups go through dnsjava's real lookup logic but point at loopback. Names with no record are
 * NXDOMAIN; names in {@link #servfail} answer SERVFAIL.
 */
public final class StaticDnsResolver implements Resolver {

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final java.util.Set<Name> servfail = ConcurrentHashMap.newKeySet();

    public StaticDnsResolver add(Record record) {
        records.computeIfAbsent(record.getName(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    public StaticDnsResolver servfail(Name name) {
        servfail.add(name);
        return this;
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Record question = query.getQuestion();
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
        return CompletableFuture.completedFuture(response);
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
