package org.mailplatform.delivery.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.mailplatform.delivery.queue.OutboundDelivery;
import org.mailplatform.model.InboundMessage;

/**
 * One SMTP mail transaction with one server: EHLO, STARTTLS by policy, AUTH for a smart host,
 * MAIL FROM with SIZE, BODY=8BITMIME, SMTPUTF8, RET and ENVID as the server supports them, RCPT TO
 * with NOTIFY and ORCPT (RFC 3461) when it supports DSN, pipelined when it supports PIPELINING,
 * then DATA. Answers per recipient, or {@link Unreachable} when this server should be skipped for
 * the next exchanger. Sessions come from and go back to the {@link SmtpSessionPool}, so consecutive
 * messages to one server share a connection.
 */
final class SmtpTransaction {

    /** The outcome against one server. */
    sealed interface Result {
    }

    /** Try the next exchanger (connection failed, greeting or MAIL refused temporarily). */
    record Unreachable(String detail) implements Result {
    }

    /** The server answered for every recipient. */
    record Answered(Map<InboundMessage.Recipient, RecipientResult> recipients) implements Result {
    }

    /**
     * @param heloName        name this client gives in EHLO
     * @param tls             STARTTLS policy
     * @param username        AUTH user (smart host), or null
     * @param password        AUTH password
     * @param connectTimeout  TCP connect timeout
     * @param commandTimeout  time to wait for each reply (RFC 5321 4.5.3.2 suggests minutes)
     */
    record Settings(String heloName, TlsPolicy tls, String username, String password, Duration connectTimeout,
                    Duration commandTimeout, SSLContext opportunisticTls, SSLContext verifiedTls) {
    }

    private final Settings settings;
    private final SmtpSessionPool sessions;

    SmtpTransaction(Settings settings, SmtpSessionPool sessions) {
        this.settings = settings;
        this.sessions = sessions;
    }

    /**
     * Delivers {@code d} to the server at {@code address}: over an idle session to it when the pool
     * has one, else over a new session that goes back to the pool afterwards.
     */
    Result run(OutboundDelivery d, String hostName, InetSocketAddress address, MessageContent content) {
        SmtpSessionPool.Destination destination = new SmtpSessionPool.Destination(hostName, address);
        SmtpConnection idle = sessions.take(destination);
        if (idle != null) {
            try {
                return deliver(idle, destination, d, hostName, content);
            } catch (IOException e) {
                return new Unreachable(hostName + ": " + e.getMessage());
            }
        }
        try {
            return attempt(d, destination, content, settings.tls());
        } catch (SSLException e) {
            if (settings.tls() == TlsPolicy.OPPORTUNISTIC) {
                try {
                    return attempt(d, destination, content, TlsPolicy.NONE);
                } catch (IOException again) {
                    return new Unreachable(hostName + ": " + again.getMessage());
                }
            }
            return new Unreachable(hostName + ": TLS failed: " + e.getMessage());
        } catch (IOException e) {
            return new Unreachable(hostName + ": " + e.getMessage());
        }
    }

    private Result attempt(OutboundDelivery d, SmtpSessionPool.Destination destination, MessageContent content,
                           TlsPolicy tls) throws IOException {
        String host = destination.host();
        SmtpConnection c = SmtpConnection.open(destination.address(), host, settings.connectTimeout(),
                settings.commandTimeout());
        sessions.opened();
        boolean handedOn = false;
        try {
            SmtpReply greeting = c.read();
            if (!greeting.positive()) {
                return new Unreachable(host + " greeted with " + greeting.text());
            }
            SmtpReply hello = c.hello(settings.heloName());
            if (!hello.positive()) {
                return new Unreachable(host + " refused EHLO/HELO: " + hello.text());
            }
            if (tls != TlsPolicy.NONE && c.supports("STARTTLS")) {
                boolean verify = tls == TlsPolicy.REQUIRED;
                SmtpReply r = c.startTls(verify ? settings.verifiedTls() : settings.opportunisticTls(), verify);
                if (r.code() == 220) {
                    c.hello(settings.heloName());
                } else if (verify) {
                    return new Unreachable(host + " refused STARTTLS: " + r.text());
                }
            }
            if (tls == TlsPolicy.REQUIRED && !c.secure()) {
                return new Unreachable(host + " does not offer STARTTLS");
            }
            if (settings.username() != null) {
                SmtpReply auth = c.authPlain(settings.username(), settings.password());
                if (!auth.positive()) {
                    return auth.permanent() ? allPermanent(d, "5.7.8", auth, host) : new Unreachable(host + " AUTH: " + auth.text());
                }
            }
            handedOn = true;
            return deliver(c, destination, d, host, content);
        } finally {
            if (!handedOn) {
                c.close();
            }
        }
    }

    /**
     * The mail transaction on a ready session, which goes back to the pool when the transaction
     * ended in a known state and is dropped when anything failed half-way (I/O, blob store).
     */
    private Result deliver(SmtpConnection c, SmtpSessionPool.Destination destination, OutboundDelivery d, String host,
                           MessageContent content) throws IOException {
        boolean clean = false;
        try {
            Result refused = checkCapabilities(c, d, host, content.size());
            Result result = refused != null ? refused : transaction(c, d, host, content);
            clean = true;
            return result;
        } finally {
            if (clean) {
                sessions.release(destination, c);
            } else {
                c.abandon();
            }
        }
    }

    /** Refuses before MAIL what the server cannot take (RFC 1870 SIZE, RFC 6531 SMTPUTF8, BINARYMIME). */
    private Result checkCapabilities(SmtpConnection c, OutboundDelivery d, String host, long size) {
        InboundMessage m = d.message();
        long limit = c.sizeLimit();
        if (limit > 0 && size > limit) {
            return allPermanent(d, "5.3.4", "message size " + size + " exceeds " + host + "'s limit " + limit, host);
        }
        if (m.smtpUtf8() && !c.supports("SMTPUTF8")) {
            return allPermanent(d, "5.6.7", host + " does not support SMTPUTF8", host);
        }
        if ("BINARYMIME".equalsIgnoreCase(m.body())) {
            return allPermanent(d, "5.6.3", "binary content cannot be relayed without BDAT", host);
        }
        return null;
    }

    private Result transaction(SmtpConnection c, OutboundDelivery d, String host, MessageContent content)
            throws IOException {
        InboundMessage m = d.message();
        c.transactionStarted();
        boolean dsn = c.supports("DSN");
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(d.mailFrom()).append('>');
        if (c.supports("SIZE")) {
            mail.append(" SIZE=").append(content.size());
        }
        if ("8BITMIME".equalsIgnoreCase(m.body()) && c.supports("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        if (m.smtpUtf8()) {
            mail.append(" SMTPUTF8");
        }
        if (dsn && m.dsn().ret() != null) {
            mail.append(" RET=").append(m.dsn().ret());
        }
        if (dsn && m.dsn().envid() != null) {
            mail.append(" ENVID=").append(Xtext.encode(m.dsn().envid()));
        }
        List<String> rcpts = new ArrayList<>();
        for (InboundMessage.Recipient r : d.recipients()) {
            StringBuilder rcpt = new StringBuilder("RCPT TO:<").append(r.address()).append('>');
            if (dsn && !r.notifyOn().isEmpty()) {
                rcpt.append(" NOTIFY=").append(String.join(",", r.notifyOn()));
            }
            if (dsn && r.orcpt() != null) {
                int semi = r.orcpt().indexOf(';');
                rcpt.append(" ORCPT=").append(semi < 0 ? "rfc822" : r.orcpt().substring(0, semi)).append(';')
                        .append(Xtext.encode(semi < 0 ? r.orcpt() : r.orcpt().substring(semi + 1)));
            }
            rcpts.add(rcpt.toString());
        }
        List<SmtpReply> rcptReplies = new ArrayList<>();
        SmtpReply mailReply;
        if (c.supports("PIPELINING")) {
            List<String> batch = new ArrayList<>();
            batch.add(mail.toString());
            batch.addAll(rcpts);
            c.send(batch.toArray(String[]::new));
            mailReply = c.read();
            for (int i = 0; i < rcpts.size(); i++) {
                rcptReplies.add(c.read());
            }
        } else {
            mailReply = c.command(mail.toString());
            if (mailReply.positive()) {
                for (String r : rcpts) {
                    rcptReplies.add(c.command(r));
                }
            }
        }
        if (mailReply.temporary()) {
            return new Unreachable(host + " MAIL FROM: " + mailReply.text());
        }
        if (!mailReply.positive()) {
            return allPermanent(d, mailReply.status(), mailReply, host);
        }
        Map<InboundMessage.Recipient, RecipientResult> results = new LinkedHashMap<>();
        List<InboundMessage.Recipient> accepted = new ArrayList<>();
        for (int i = 0; i < rcpts.size(); i++) {
            InboundMessage.Recipient r = d.recipients().get(i);
            SmtpReply reply = rcptReplies.get(i);
            if (reply.positive()) {
                accepted.add(r);
            } else {
                results.put(r, failure(reply, host));
            }
        }
        if (accepted.isEmpty()) {
            c.command("RSET");
            return new Answered(results);
        }
        SmtpReply data = c.command("DATA");
        RecipientResult forAccepted;
        if (data.code() != 354) {
            forAccepted = failure(data, host);
        } else {
            try (InputStream body = content.open()) {
                SmtpReply end = c.data(body);
                forAccepted = end.positive() ? new RecipientResult.Delivered(host) : failure(end, host);
            }
        }
        accepted.forEach(r -> results.put(r, forAccepted));
        return new Answered(results);
    }

    private static RecipientResult failure(SmtpReply reply, String host) {
        String diagnostic = "smtp; " + reply.text();
        return reply.permanent() ? new RecipientResult.Permanent(reply.status(), diagnostic, host)
                : new RecipientResult.Temporary(diagnostic, host);
    }

    private static Answered allPermanent(OutboundDelivery d, String status, SmtpReply reply, String host) {
        return allPermanent(d, status, "smtp; " + reply.text(), host);
    }

    private static Answered allPermanent(OutboundDelivery d, String status, String diagnostic, String host) {
        Map<InboundMessage.Recipient, RecipientResult> results = new LinkedHashMap<>();
        d.recipients().forEach(r -> results.put(r, new RecipientResult.Permanent(status, diagnostic, host)));
        return new Answered(results);
    }
}
