package org.mailplatform.smtp.spf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.smtp.clientcheck.Networks;
import org.mailplatform.smtp.codec.AddressText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Resolver;

/**
 * Evaluates SPF (RFC 7208) with Apache jSPF, as James's SPF hook does, and counts each evaluation
 * as {@code mail.smtp.spf} with its {@code result}. jSPF enforces the record's limits (section
 * 4.6.4: at most 10 DNS-querying mechanisms and modifiers, 10 MX or PTR names each); the limit of
 * 2 void lookups it does not know is {@link SpfDns}'s.
 * <p>
 * {@link #evaluate} blocks: the session runs it on a virtual thread of its blocking work, never on
 * the event loop. jSPF's asynchronous executor would hold no thread, but in 1.0.4 it never
 * completes its result when the handler of a DNS answer raises an SPF error (a second SPF record
 * found in the answer, a syntax error in an included record), so that evaluation would end only
 * by our timeout, as temperror instead of permerror. A virtual thread waiting for DNS costs a few
 * hundred bytes, and the evaluation ends by {@code mail.smtp.spf.timeout} at the latest
 * ({@link SpfDns#DEADLINE}).
 */
public final class SpfChecker {

    private static final Logger log = LoggerFactory.getLogger(SpfChecker.class);

    /** A domain jSPF can ask about (RFC 7208 4.3: otherwise the result is none, without DNS). */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)+\\.?");

    private final boolean enabled;
    private final Networks exempt;
    private final Duration timeout;
    private final SPF spf;
    private final MeterRegistry meters;

    /**
     * @param dnsTimeout longest wait for one DNS answer ({@code client-checks.dns-timeout})
     * @param receiver   this host's name ({@code mail.smtp.hostname})
     */
    public SpfChecker(boolean enabled, Duration timeout, Networks exempt, Resolver resolver, Duration dnsTimeout,
                      String receiver, MeterRegistry meters) {
        this.enabled = enabled;
        this.exempt = exempt;
        this.timeout = timeout;
        this.meters = meters;
        SpfDns dns = new SpfDns(resolver, dnsTimeout, receiver);
        // what SPF(DNSService) wires, with the synchronous executor instead of the asynchronous one
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macros = new MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macros);
        this.spf = new SPF(dns, new RFC4408SPF1Parser(new DefaultTermsFactory(wiring)), macros, new SynchronousSPFExecutor(dns));
        wiring.put(SPFCheckEnabled.class, spf); // include: and redirect= evaluate through it
    }

    /** Whether a client's sender is checked at all: SPF enabled and the client outside the exempt networks. */
    public boolean applies(InetAddress client) {
        return enabled && !exempt.contains(client);
    }

    /**
     * Starts {@link #evaluate} on a virtual thread of the session's blocking work, which jSPF's
     * synchronous DNS needs, and completes on the answer; without a free permit the verdict is
     * temperror. The caller awaits it without a thread.
     */
    public CompletableFuture<SpfVerdict> start(SpfQuery query, BlockingWork blocking, Channel channel) {
        CompletableFuture<SpfVerdict> verdict = new CompletableFuture<>();
        blocking.run(channel, () -> evaluate(query), (v, failure) ->
                verdict.complete(failure == null ? v : new SpfVerdict(query, SpfResult.TEMPERROR, null)));
        return verdict;
    }

    /** Blocks until the verdict is known, at most {@code mail.smtp.spf.timeout} (then temperror). */
    public SpfVerdict evaluate(SpfQuery query) {
        SpfVerdict verdict = DOMAIN.matcher(query.domain()).matches() ? run(query) : new SpfVerdict(query, SpfResult.NONE, null);
        Counter.builder("mail.smtp.spf").tag("result", verdict.result().keyword()).register(meters).increment();
        return verdict;
    }

    private SpfVerdict run(SpfQuery query) {
        try {
            SpfDns.DEADLINE.set(System.nanoTime() + timeout.toNanos());
            SpfDns.VOID_LOOKUPS.set(new int[1]);
            SPFResult result = spf.checkSPF(query.client().getHostAddress(), query.sender(), query.helo());
            SpfResult outcome = SpfResult.of(result.getResult());
            return new SpfVerdict(query, outcome, outcome == SpfResult.FAIL ? result.getExplanation() : null);
        } catch (RuntimeException e) {
            // jSPF failing in itself (a record it cannot cope with): the sender's fault or ours, not known; retry later
            log.warn("SPF evaluation of {} from {} failed: {}", query.sender(), AddressText.of(query.client()), e.toString());
            return new SpfVerdict(query, SpfResult.TEMPERROR, null);
        } finally {
            SpfDns.DEADLINE.remove();
            SpfDns.VOID_LOOKUPS.remove();
        }
    }
}
