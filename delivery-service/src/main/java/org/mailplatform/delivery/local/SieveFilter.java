package org.mailplatform.delivery.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.jsieve.parser.generated.Node;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MailboxLookup;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveDecision;
import org.mailplatform.sieve.SieveEnvironment;
import org.mailplatform.sieve.SieveMessage;
import org.mailplatform.sieve.SieveRunner;
import org.mailplatform.sieve.SieveScriptException;
import org.mailplatform.store.sieve.SieveScript;
import org.mailplatform.store.sieve.SieveScripts;

/**
 * Finds a user's active Sieve script and runs it against a queued message.
 *
 * <p>The active script is cached per user for {@code ttl} (a user without one too, the common case,
 * so most deliveries cost no MongoDB read): a script changed over ManageSieve applies at the latest
 * {@code ttl} later on each instance. A script that no longer compiles (stored by an older parser) is
 * cached as broken and keeps every message, counted as an error. A compiled script is evaluated by
 * one thread at a time: the local stage delivers one user's mail in order.
 *
 * <p>The message is stored by reference and otherwise never read by delivery; only users with a
 * script pay for reading its header, at most {@code maxHeaderBytes} of the queued blob with one ranged
 * read, and for a {@code body} test a second ranged read, bounded too. The header the script sees is
 * the intake's verdict fields (with the {@code Delivered-To} of earlier redirects) above the queued
 * message's own; the {@code Return-Path} and {@code Delivered-To} this delivery adds are not in it.
 */
public final class SieveFilter {

    /** A user's active script, compiled, or why it does not compile. */
    public record Compiled(String name, Node node, String problem) {
    }

    /** What the script decided, and the header it saw (for the loop and vacation checks). */
    public record Run(SieveDecision decision, MessageHeader header) {
    }

    private final SieveScripts scripts;
    private final SieveCompiler compiler;
    private final SieveRunner runner;
    private final BlobStore blobs;
    private final Cache<Principal, Optional<Compiled>> cache;
    private final Site site;

    /**
     * What every script run on this instance learns of where it runs ({@link SieveEnvironment}):
     * the clock of {@code currentdate}, whose zone is the default zone of {@code date}; the
     * sub-address separator of {@code :user}/{@code :detail}; the {@code environment "host"}.
     */
    public record Site(Clock clock, String recipientDelimiter, String host) {
        /** The system clock in the JVM's zone, {@code +}, no host name. */
        public static final Site DEFAULT = new Site(Clock.systemDefaultZone(), SieveEnvironment.DEFAULT_DELIMITER, null);
    }

    public SieveFilter(SieveScripts scripts, SieveCompiler compiler, SieveRunner runner, BlobStore blobs, Duration ttl,
                       int cacheSize) {
        this(scripts, compiler, runner, blobs, ttl, cacheSize, Site.DEFAULT);
    }

    public SieveFilter(SieveScripts scripts, SieveCompiler compiler, SieveRunner runner, BlobStore blobs, Duration ttl,
                       int cacheSize, Site site) {
        this.scripts = scripts;
        this.compiler = compiler;
        this.runner = runner;
        this.blobs = blobs;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(cacheSize).build();
        this.site = site;
    }

    /**
     * The user's active script, if any.
     *
     * @throws RuntimeException the script store's failure (MongoDB down): the stage pauses and retries
     */
    public Optional<Compiled> script(Principal user) {
        return cache.get(user, this::load);
    }

    private Optional<Compiled> load(Principal user) {
        Optional<SieveScript> active = scripts.active(user);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        SieveScript s = active.get();
        try {
            return Optional.of(new Compiled(s.name(), compiler.compile(s.content()), null));
        } catch (SieveScriptException e) {
            return Optional.of(new Compiled(s.name(), null, e.getMessage()));
        }
    }

    /** Runs {@code script} against the delivery's message; a script that does not compile keeps it. */
    public Run run(LocalDelivery d, Compiled script) {
        return run(d, script, MailboxLookup.NONE);
    }

    /**
     * Runs {@code script} against the delivery's message, {@code mailboxes} answering its
     * {@code mailboxexists} tests; a script that does not compile keeps it.
     */
    public Run run(LocalDelivery d, Compiled script, MailboxLookup mailboxes) {
        InboundMessage m = d.message();
        byte[] header = header(m);
        MessageHeader parsed = MessageHeader.parse(header, runner.limits().maxHeaderBytes(),
                runner.limits().maxHeaderFields());
        if (script.node() == null) {
            return new Run(SieveDecision.failed("script " + script.name() + " does not compile: " + script.problem()),
                    parsed);
        }
        byte[] verdict = VerdictFields.of(m);
        long bodyBound = Math.min(m.size(), (long) runner.limits().maxHeaderBytes()
                + 4L * runner.limits().maxBodyTextBytes());
        SieveMessage message = new SieveMessage(header, m.size() + verdict.length, m.mailFrom(), d.recipient().address(),
                () -> new SequenceInputStream(new ByteArrayInputStream(verdict),
                        blobs.openRange(new BlobKey(m.blobKey()), 0, bodyBound)));
        return new Run(runner.run(script.node(), message, mailboxes, environment(d)), parsed);
    }

    /**
     * The delivery as {@code environment} sees it: the domain is the user's (the one whose mail the
     * script filters); {@code remote-ip} the client that handed the message to smtp-ingress (none
     * for mail the platform wrote itself without one); {@code remote-host} is never known, as
     * smtp-ingress keeps no verified name of the client.
     */
    private SieveEnvironment environment(LocalDelivery d) {
        String address = d.principal().address();
        String domain = address.substring(address.lastIndexOf('@') + 1);
        InboundMessage.Client client = d.message().client();
        return new SieveEnvironment(site.clock(), site.recipientDelimiter(), domain.isEmpty() ? null : domain,
                site.host(), null, client == null ? null : client.address());
    }

    /** The verdict fields and the first {@code maxHeaderBytes} of the queued blob. */
    private byte[] header(InboundMessage m) {
        byte[] verdict = VerdictFields.of(m);
        long length = Math.min(m.size(), Math.max(0, runner.limits().maxHeaderBytes() - verdict.length));
        if (length <= 0) {
            return verdict;
        }
        try (InputStream in = blobs.openRange(new BlobKey(m.blobKey()), 0, length)) {
            byte[] blob = in.readNBytes((int) length);
            byte[] all = new byte[verdict.length + blob.length];
            System.arraycopy(verdict, 0, all, 0, verdict.length);
            System.arraycopy(blob, 0, all, verdict.length, blob.length);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of " + m.id(), e);
        }
    }
}
