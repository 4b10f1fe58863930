package org.mailplatform.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;

/**
 * A tiny authoritative DNS server on a loopback UDP port, so the delivery-service processes find
 * the test's "remote" domains through their real MX lookup ({@code mail.delivery.outbound.dns-servers}),
 * and smtp-ingress the TXT records (SPF, DKIM keys, DMARC policies) of the senders' domains
 * ({@code mail.smtp.client-checks.dns-servers}). Names it does not know are NXDOMAIN.
 */
final class DnsStub implements AutoCloseable {

    private final DatagramSocket socket;
    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Thread thread;

    DnsStub() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = Thread.ofPlatform().daemon().name("dns-stub").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** {@code domain} has one MX, {@code mx.<domain>}, at 127.0.0.1. */
    DnsStub mxOnLoopback(String domain) {
        return mx(domain, InetAddress.getLoopbackAddress());
    }

    /** {@code domain} has one MX, {@code mx.<domain>}, at {@code address}; may be added while serving. */
    DnsStub mx(String domain, InetAddress address) {
        try {
            Name zone = Name.fromString(domain + ".");
            Name mx = Name.fromString("mx." + domain + ".");
            add(new MXRecord(zone, DClass.IN, 60, 10, mx));
            add(new ARecord(mx, DClass.IN, 60, address));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code name} has a TXT record of {@code strings}, one character-string each (at most 255
     * octets: a longer value, such as a 2048-bit DKIM key, is split by the caller, and the reader
     * joins them, RFC 6376 3.6.2.2); may be added while serving.
     */
    DnsStub txt(String name, String... strings) {
        try {
            add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 60, List.of(strings)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(Record record) {
        records.computeIfAbsent(record.getName(), k -> new CopyOnWriteArrayList<>()).add(record);
    }

    private void serve() {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                byte[] answer = answer(new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength())));
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(Message query) {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (known == null) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
            known.stream().filter(r -> r.getType() == question.getType()).forEach(r -> response.addRecord(r, Section.ANSWER));
        }
        return response.toWire();
    }

    @Override
    public void close() {
        socket.close();
        thread.interrupt();
    }
}
