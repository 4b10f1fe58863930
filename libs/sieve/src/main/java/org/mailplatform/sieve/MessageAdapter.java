package org.mailplatform.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionKeep;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.AddressImpl;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.mail.MailUtils;
import org.apache.jsieve.mail.SieveMailException;
import org.apache.jsieve.mail.optional.EnvelopeAccessors;
import org.mailplatform.mime.HeaderAddresses;

/**
 * What jSieve's tests read of one message, and where its commands leave their actions: the header
 * ({@link MessageHeader}, bounded), the envelope ({@code from}, {@code to}), the size, and the body
 * text, read from the message only when a {@code body} test runs, at most once, bounded by
 * {@link SieveLimits#maxBodyTextBytes()}. One instance per run; not thread-safe.
 *
 * <p>Actions are collected, not carried out ({@link #executeActions} does nothing): delivery does that
 * with the {@link SieveDecision}. A repeated {@code keep}, a repeated {@code fileinto} to one mailbox
 * and a repeated redirect to one address count once (a repeated store adds its flags to the first);
 * more actions or redirects than the limits allow, or more mailbox look-ups than
 * {@value RunMailboxes#MAX_LOOKUPS}, throw {@link LimitExceeded}, which ends the run as a run-time error.
 * It also holds what the {@code imap4flags} commands change, the internal variable, and asks the
 * {@link MailboxLookup}, through {@link RunMailboxes}, for {@code mailboxexists} and {@code special-use}.
 */
final class MessageAdapter implements MailAdapter, EnvelopeAccessors {

    /** A script asked for more than {@link SieveLimits} allow, or for something that cannot be done. */
    static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message);
        }
    }


    private final SieveMessage message;
    private final MessageHeader header;
    private final SieveLimits limits;
    private final RunMailboxes mailboxes;
    private final SieveEnvironment environment;
    private final List<Action> actions = new ArrayList<>();
    private final Imap4Flags.FlagSet flags = new Imap4Flags.FlagSet();
    private Variables variables;
    private int redirects;
    private List<BodyText.Part> parts;
    private String rawBody;
    private java.time.ZonedDateTime now;

    MessageAdapter(SieveMessage message, SieveLimits limits) {
        this(message, limits, MailboxLookup.NONE);
    }

    MessageAdapter(SieveMessage message, SieveLimits limits, MailboxLookup mailboxes) {
        this(message, limits, mailboxes, SieveEnvironment.defaults());
    }

    MessageAdapter(SieveMessage message, SieveLimits limits, MailboxLookup mailboxes, SieveEnvironment environment) {
        this.message = message;
        this.limits = limits;
        this.mailboxes = new RunMailboxes(mailboxes);
        this.environment = environment;
        this.header = MessageHeader.parse(message.header(), limits.maxHeaderBytes(), limits.maxHeaderFields());
    }

    @Override
    public void setContext(SieveContext context) {
        // nothing depends on it
    }

    @Override
    public List<Action> getActions() {
        return actions;
    }

    /** Where and when the script runs. */
    SieveEnvironment environment() {
        return environment;
    }

    /**
     * The current time in the environment clock's zone, read once per run: every {@code currentdate}
     * of one run sees the same instant, so {@code "hour" "09"} and {@code "minute" "00"} cannot
     * straddle a change of hour.
     */
    java.time.ZonedDateTime now() {
        if (now == null) {
            now = java.time.ZonedDateTime.now(environment.clock());
        }
        return now;
    }

    /** The internal variable of {@code imap4flags} (RFC 5232 3), empty at the start of the run. */
    Imap4Flags.FlagSet flags() {
        return flags;
    }

    /** Where a successful {@code :matches} leaves its match variables; null while the script has none. */
    KeyMatch.Captures captures() {
        return variables;
    }

    /** The script's variables (RFC 5229), null unless it requires {@code variables}. */
    Variables variables() {
        return variables;
    }

    /** What the script's {@code require} names, as it runs. */
    void required(java.util.Collection<String> capabilities) {
        if (variables == null && capabilities.stream().anyMatch(SieveExtensions.VARIABLES::equalsIgnoreCase)) {
            variables = new Variables(limits);
        }
    }

    /** Whether the user has this mailbox ({@code mailboxexists}); see {@link RunMailboxes}. */
    boolean mailboxExists(String name) {
        return mailboxes.exists(name);
    }

    /** The user's mailbox with this special-use attribute, or null; see {@link RunMailboxes}. */
    String withSpecialUse(String attribute) {
        return mailboxes.withSpecialUse(attribute);
    }

    /**
     * Collects an action. jSieve's implicit keep (a plain {@link ActionKeep}) is stored with the
     * internal variable's flags as they are at the end of the script (RFC 5232 3); a second store to
     * the same place (keep, or fileinto one mailbox) adds its flags to the first and counts once.
     */
    @Override
    public void addAction(Action action) {
        if (action instanceof ActionKeep) {
            action = new StoreAction(null, flags.snapshot(), false);
        }
        if (action instanceof StoreAction store) {
            for (Action a : actions) {
                if (a instanceof StoreAction earlier && earlier.samePlace(store)) {
                    earlier.merge(store);
                    return;
                }
            }
        }
        if (action instanceof ActionRedirect r) {
            if (!deliverable(r.getAddress())) {
                throw new LimitExceeded("redirect to an invalid address");
            }
            if (actions.stream().anyMatch(a -> a instanceof ActionRedirect o && o.getAddress() != null
                    && o.getAddress().equalsIgnoreCase(r.getAddress()))) {
                return;
            }
            if (++redirects > limits.maxRedirects()) {
                throw new LimitExceeded("more than " + limits.maxRedirects() + " redirects");
            }
        }
        if (actions.size() >= limits.maxActions()) {
            throw new LimitExceeded("more than " + limits.maxActions() + " actions");
        }
        actions.add(action);
    }

    /**
     * RFC 5228 4.2: redirect needs a valid address; it becomes an SMTP envelope recipient, so nothing
     * that could end or break an SMTP command (spaces, controls, angle brackets) may pass.
     */
    static boolean deliverable(String address) {
        if (address == null) {
            return false;
        }
        String a = address.strip();
        int at = a.lastIndexOf('@');
        if (at < 1 || at == a.length() - 1 || a.length() > 254) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';') {
                return false;
            }
        }
        return routable(a) != null;
    }

    /**
     * The address with its domain as DNS knows it: an internationalised domain (RFC 5890) in its
     * A-label form, which the router and the MX lookup need; null when the domain is not one.
     */
    static String routable(String address) {
        String a = address.strip();
        int at = a.lastIndexOf('@');
        try {
            String domain = java.net.IDN.toASCII(a.substring(at + 1), java.net.IDN.ALLOW_UNASSIGNED);
            return domain.isEmpty() || domain.length() > 253 ? null : a.substring(0, at + 1) + domain;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void executeActions() throws SieveException {
        // delivery carries the actions out from the decision
    }

    @Override
    public List<String> getHeader(String name) {
        return header.values(name);
    }

    @Override
    public List<String> getMatchingHeader(String name) throws SieveMailException {
        return MailUtils.getMatchingHeader(this, name);
    }

    @Override
    public List<String> getHeaderNames() {
        return header.names();
    }

    @Override
    public int getSize() {
        return (int) Math.min(Integer.MAX_VALUE, message.size());
    }

    @Override
    public String getContentType() {
        String type = header.first("content-type");
        return type == null ? "text/plain" : type;
    }

    @Override
    public boolean isInBodyText(List<String> phrases) throws SieveMailException {
        return containsAny(parts().stream().filter(p -> p.type().startsWith("text/")).map(BodyText.Part::text)
                .toList(), phrases);
    }

    @Override
    public boolean isInBodyRaw(List<String> phrases) throws SieveMailException {
        return containsAny(List.of(rawBody()), phrases);
    }

    @Override
    public boolean isInBodyContent(List<String> contentTypes, List<String> phrases) throws SieveMailException {
        List<String> texts = parts().stream().filter(p -> contentTypes.stream().anyMatch(t -> typeMatches(t, p.type())))
                .map(BodyText.Part::text).toList();
        return containsAny(texts, phrases);
    }

    /** RFC 5173 5.2: "" any type, "text" any subtype of text, "text/plain" exactly that. */
    private static boolean typeMatches(String wanted, String type) {
        String w = wanted.trim().toLowerCase(Locale.ROOT);
        return w.isEmpty() || (w.contains("/") ? w.equals(type) : type.startsWith(w + "/"));
    }

    /** jSieve's address test passes the header field's name: the addresses of all fields of that name. */
    @Override
    public Address[] parseAddresses(String headerName) {
        return parseAddresses(headerName, null);
    }

    /** The addresses of the fields of that name, or of the one {@code index} selects (null: all). */
    Address[] parseAddresses(String headerName, FieldIndex index) {
        List<Address> out = new ArrayList<>();
        List<String> fields = header.rawValues(headerName);
        for (String value : index == null ? fields : index.select(fields)) {
            AddressList list = HeaderAddresses.parse(value); // the undecoded value: RFC 6532 UTF-8 too
            if (list == null) {
                continue;
            }
            for (Mailbox m : list.flatten()) {
                out.add(new AddressImpl(m.getLocalPart(), m.getDomain() == null ? "" : m.getDomain()));
            }
        }
        return out.toArray(new Address[0]);
    }

    @Override
    public List<String> getEnvelope(String name) {
        // RFC 5228 5.4: the null reverse-path is matched as the empty string
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "from" -> List.of(message.envelopeFrom());
            case "to" -> List.of(message.envelopeTo());
            default -> List.of();
        };
    }

    @Override
    public List<String> getEnvelopeNames() {
        return List.of("from", "to");
    }

    @Override
    public List<String> getMatchingEnvelope(String name) {
        return getEnvelope(name);
    }

    /** The body's text parts, read once. */
    private List<BodyText.Part> parts() throws SieveMailException {
        if (parts == null) {
            try (InputStream in = message.body().open()) {
                parts = BodyText.parts(in, (long) limits.maxHeaderBytes() + limits.maxBodyTextBytes() * 4L,
                        limits.maxBodyTextBytes(), limits.maxHeaderFields());
            } catch (IOException e) {
                throw new SieveMailException("cannot read the message body: " + e.getMessage());
            }
        }
        return parts;
    }

    /** The body as it is (transfer encoding kept), its first {@code maxBodyTextBytes}, read once. */
    private String rawBody() throws SieveMailException {
        if (rawBody == null) {
            try (InputStream in = message.body().open()) {
                byte[] start = in.readNBytes(limits.maxHeaderBytes() + limits.maxBodyTextBytes());
                int from = bodyStart(start);
                int to = Math.min(start.length, from + limits.maxBodyTextBytes());
                rawBody = from < 0 ? "" : new String(start, from, to - from, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SieveMailException("cannot read the message body: " + e.getMessage());
            }
        }
        return rawBody;
    }

    /** Where the body starts (after the first empty line), or -1. */
    static int bodyStart(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (i + 1 < b.length && b[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /**
     * {@code :contains} with the default comparator, {@code i;ascii-casemap} (jSieve's body test offers
     * no other): ASCII letters compared without case.
     */
    private static boolean containsAny(List<String> texts, List<String> phrases) {
        for (String text : texts) {
            String t = asciiLower(text);
            for (String p : phrases) {
                if (t.contains(asciiLower(p))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
