package org.mailplatform.smtp.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.observation.Observation;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.mailauth.SpfReport;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.observability.tracing.KafkaObservations;
import org.mailplatform.protocol.tls.TlsInfo;
import org.mailplatform.smtp.codec.SmtpCommand;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.msgauth.InboundCheck;
import org.mailplatform.smtp.spf.SpfVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DATA (RFC 5321 4.1.1.4) and BDAT (RFC 3030) of a transaction: streams the body to the blob store
 * as it arrives, then publishes the {@code mail.inbound} record, and only when Kafka has
 * acknowledged answers {@code 250 2.0.0 Ok: queued as <id>}. Any failure on the way is
 * {@code 451 4.3.0} and nothing is acknowledged.
 */
final class DataPhase {

    private static final Logger log = LoggerFactory.getLogger(DataPhase.class);

    private final SmtpSession session;
    private final SmtpServices services;
    private DotStuffedData dotData;
    private SmtpCommand.Bdat bdat;
    private SmtpReply bdatRefusal;
    private boolean waitingForRoom;

    private final IntakeMetrics metrics;

    DataPhase(SmtpSession session, SmtpServices services) {
        this.session = session;
        this.services = services;
        this.metrics = new IntakeMetrics(services.metrics().registry());
    }

    private String listener() {
        return session.listener().name();
    }

    void data() {
        Transaction tx = session.tx;
        if (tx == null) {
            session.badSequence("Need MAIL command");
        } else if (tx.recipients.isEmpty()) {
            session.reply(SmtpReply.of(554, "5.5.1", "No valid recipients"));
        } else if (tx.bdat) {
            session.badSequence("DATA not allowed after BDAT");
        } else if ("BINARYMIME".equals(tx.mail.body())) {
            session.badSequence("BINARYMIME requires BDAT");
        } else if (!session.awaiting(tx.spf, this::data)) { // the header in front of the body needs SPF's verdict
            begin(tx);
            session.write(SmtpReply.plain(354, "End data with <CR><LF>.<CR><LF>"));
            dotData = new DotStuffedData();
            session.streamMode(dotData);
            session.dataTimeout(true);
            session.ctx.read();
        }
    }

    void bdat(SmtpCommand.Bdat command) {
        Transaction tx = session.tx;
        // the first chunk starts the body, and SPF's header goes in front of it; its bytes wait in
        // the socket meanwhile (the framer reads nothing more until this command is handled)
        if (tx != null && !tx.bdat && !tx.recipients.isEmpty() && session.awaiting(tx.spf, () -> bdat(command))) {
            return;
        }
        if (tx == null) {
            bdatRefusal = SmtpReply.of(503, "5.5.1", "Need MAIL command");
        } else if (tx.recipients.isEmpty()) {
            bdatRefusal = SmtpReply.of(554, "5.5.1", "No valid recipients");
        } else if (!tx.bdat) {
            tx.bdat = true;
            begin(tx);
        }
        bdat = command;
        session.bdatChunk(command.size());
        session.dataTimeout(true);
        session.ctx.read();
    }

    void onData(SmtpInput.Data data) {
        if (bdatRefusal != null) {
            if (data.last()) {
                SmtpReply refusal = bdatRefusal;
                bdatRefusal = null;
                session.dataTimeout(false);
                session.badCommand(refusal);
            } else {
                session.ctx.read();
            }
            return;
        }
        Transaction tx = session.tx;
        boolean more = tx.body.accept(stored(tx, data));
        if (tx.auth != null && !tx.body.oversize()) {
            tx.auth.accept(data.bytes()); // DKIM sees the bytes as sent: a signature may cover a removed field
        }
        if (!data.last()) {
            if (more) {
                session.ctx.read();
            } else {
                waitingForRoom = true;
            }
        } else if (dotData != null) {
            long bare = dotData.bareLineEndings();
            dotData = null;
            finish(tx, bare);
        } else if (bdat.last()) {
            finish(tx, 0);
        } else if (tx.body.oversize()) {
            session.reply(SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size"));
        } else {
            session.reply(SmtpReply.of(250, "2.0.0", bdat.size() + " octets received"));
        }
    }

    /**
     * What of {@code data} goes to the blob store: all of it, but for Authentication-Results fields
     * claiming our authserv-id (RFC 8601 5), which the filter holds back or drops.
     */
    private byte[] stored(Transaction tx, SmtpInput.Data data) {
        if (tx.forgedResults == null) {
            return data.bytes();
        }
        byte[] passed = tx.forgedResults.accept(data.bytes());
        if (data.last() && (dotData != null || bdat.last())) {
            byte[] held = tx.forgedResults.finish(); // the message ended inside its header
            if (held.length > 0) {
                byte[] all = Arrays.copyOf(passed, passed.length + held.length);
                System.arraycopy(held, 0, all, passed.length, held.length);
                passed = all;
            }
            if (tx.forgedResults.removed() > 0) {
                log.info("message {}: {} Authentication-Results field(s) claiming this host removed", tx.queueId,
                        tx.forgedResults.removed());
            }
        }
        return passed;
    }

    /** The body pipe has room again. */
    void resume() {
        if (waitingForRoom) {
            waitingForRoom = false;
            session.ctx.read();
        }
    }

    private void begin(Transaction tx) {
        String queueId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        BlobKey key = BlobKey.newHourly(services.settings().blobPrefix(), services.clock().instant());
        tx.queueId = queueId;
        tx.trace = services.publisher().startMessage(listener(), queueId);
        tx.body = new BodyTransfer(session.ctx.channel(), services.blocking(), services.blobs(), key,
                services.settings().limits().maxMessageSize().toBytes(),
                (int) services.settings().limits().bodyBuffer().toBytes(),
                (int) services.settings().limits().inlineBodyMax().toBytes(), this::resume);
        tx.body.start(session.traceHeaders(queueId));
        tx.forgedResults = services.messageAuth().forgedResultsFilter(session.info.client().getAddress(), session.submission());
        if (!session.submission() && services.messageAuth().applies(session.info.client().getAddress())) {
            tx.auth = services.messageAuth().begin();
        }
    }

    private void finish(Transaction tx, long bareLineEndings) {
        session.dataTimeout(false);
        if (tx.body.oversize()) {
            metrics.rejected(listener());
            tx.endTrace("rejected");
            session.resetTransaction();
            session.reply(SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size"));
        } else if (bareLineEndings > 0) {
            metrics.rejected(listener());
            tx.endTrace("rejected");
            session.resetTransaction();
            session.reply(SmtpReply.of(554, "5.6.11", "Bare CR or LF in message data not allowed"));
        } else {
            session.setBusy(true);
            tx.body.finish((size, failure) -> {
                session.setBusy(false);
                if (failure != null || size == null) {
                    metrics.temporary(listener());
                    tx.endTrace("temporary");
                    session.resetTransaction();
                    session.reply(SmtpReply.of(451, "4.3.0", "Temporary failure storing the message, try again later"));
                } else {
                    publish(tx, size);
                }
            });
        }
    }

    /**
     * Concludes the message's authentication, then queues it, on a blocking thread: DKIM keys and
     * DMARC policies come from DNS. A message refused by DMARC (or with an oversized header) is
     * answered with the refusal and its blob deleted; nothing is queued.
     */
    private void publish(Transaction tx, long size) {
        InboundCheck auth = tx.auth;
        SpfReport spf = spfReport(tx);
        Observation trace = tx.trace; // read on the event loop, which owns the transaction
        byte[] copy = tx.body.inlineCopy(size);
        InboundMessage.InlineContent inline = copy == null ? null : new InboundMessage.InlineContent(copy);
        session.blocking(() -> {
            InboundMessage.Verdict verdict = null;
            if (auth != null) {
                InboundCheck.Conclusion conclusion = auth.conclude(spf); // never throws: its failures are a 451
                if (conclusion.refusal() != null) {
                    deleteQuietly(tx.body.key());
                    return Optional.of(conclusion.refusal());
                }
                verdict = conclusion.verdict();
            }
            InboundMessage message = new InboundMessage(tx.queueId, tx.body.key().value(), size, services.clock().instant(),
                    tx.mail.from(), tx.recipients, new InboundMessage.Dsn(tx.mail.ret(), tx.mail.envid()),
                    tx.mail.body(), tx.mail.smtpUtf8(), client(), traceId(tx), verdict, inline);
            try {
                services.publisher().publish(message, trace);
                return Optional.<SmtpReply>empty();
            } catch (Exception e) {
                log.warn("message {} not queued: {}", tx.queueId, e.toString());
                // the body stays: a send that timed out may still have been written (acks=all), and its
                // record would then name a missing blob (delivered, with a copy of the bytes, as a message
                // nobody can read later); the queue's blob sweeper removes a body no record refers to
                return Optional.of(SmtpReply.of(451, "4.3.0", "Temporary failure queueing the message, try again later"));
            }
        }, refusal -> {
            session.tx = null;
            if (refusal.isPresent()) {
                boolean temporary = refusal.get().code() >= 400 && refusal.get().code() < 500;
                if (temporary) {
                    metrics.temporary(listener());
                } else {
                    metrics.rejected(listener());
                }
                tx.endTrace(temporary ? "temporary" : "rejected");
                session.reply(refusal.get());
                return;
            }
            metrics.queued(listener(), size);
            tx.endTrace("queued");
            if (session.user != null) {
                services.sendRate().record(session.user.userId());
            }
            session.reply(SmtpReply.of(250, "2.0.0", "Ok: queued as " + tx.queueId));
        }, () -> {
            // the work failed or never started: nothing was queued, the transaction is over (the
            // body, if stored, is left to the queue's blob sweeper)
            session.tx = null;
            metrics.temporary(listener());
            tx.endTrace("temporary");
        });
    }

    private void deleteQuietly(BlobKey key) {
        try {
            services.blobs().delete(key);
        } catch (RuntimeException ignored) {
            // the queue's blob sweeper removes bodies no record refers to
        }
    }

    /** The transaction's SPF result for Authentication-Results and DMARC; its verdict is known by the end of the body. */
    private static SpfReport spfReport(Transaction tx) {
        SpfVerdict verdict = tx.spf == null ? null : tx.spf.getNow(null);
        if (verdict == null) {
            return null;
        }
        boolean helo = verdict.query().mailFrom().isEmpty();
        return new SpfReport(verdict.result().keyword(), helo, helo ? verdict.query().helo() : verdict.query().mailFrom());
    }

    /**
     * The record's trace id: the message's trace when tracing is on, so logs and traces meet;
     * otherwise connection and queue id, unique enough to follow the message through the logs.
     */
    private String traceId(Transaction tx) {
        return KafkaObservations.traceId(tx.trace).orElseGet(() -> session.info.id() + "-" + tx.queueId);
    }

    private InboundMessage.Client client() {
        String tls = TlsInfo.of(session.ctx.channel()).map(t -> t.protocol() + " " + t.cipherSuite()).orElse(null);
        return new InboundMessage.Client(session.clientIp(), session.helo, session.listener().name(), tls, session.user);
    }
}
