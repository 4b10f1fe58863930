package org.mailplatform.mime;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * Builds the {@link Envelope} of a header (RFC 9051 section 7.5.2). Addresses are parsed with
 * Mime4j's lenient parser; a mailbox without a domain gets the placeholder host
 * {@value #MISSING_HOST} (as c-client and Dovecot do), because a NIL host would mark a group.
 */
final class EnvelopeBuilder {

    static final String MISSING_HOST = ".MISSING-HOST-NAME.";
    static final String MISSING_MAILBOX = "MISSING_MAILBOX";

    private EnvelopeBuilder() {
    }

    static Envelope build(List<HeaderField> fields, List<String> defects) {
        List<Address> from = addresses(fields, "From", defects);
        List<Address> sender = addresses(fields, "Sender", defects);
        List<Address> replyTo = addresses(fields, "Reply-To", defects);
        return new Envelope(value(fields, "Date"), value(fields, "Subject"), from,
                sender.isEmpty() ? from : sender, replyTo.isEmpty() ? from : replyTo,
                addresses(fields, "To", defects), addresses(fields, "Cc", defects),
                addresses(fields, "Bcc", defects), value(fields, "In-Reply-To"), value(fields, "Message-ID"));
    }

    private static String value(List<HeaderField> fields, String name) {
        return ContentHeaders.first(fields, name);
    }

    static List<Address> addresses(List<HeaderField> fields, String name, List<String> defects) {
        String value = value(fields, name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(value);
            List<Address> out = new ArrayList<>();
            for (org.apache.james.mime4j.dom.address.Address a : list) {
                if (a instanceof Mailbox m) {
                    out.add(of(m));
                } else if (a instanceof Group g) {
                    out.add(Address.groupStart(g.getName() == null ? "" : g.getName()));
                    for (Mailbox m : g.getMailboxes()) {
                        out.add(of(m));
                    }
                    out.add(Address.groupEnd());
                }
            }
            return out;
        } catch (RuntimeException e) {
            defects.add("unparsable " + name + " header");
            return List.of();
        }
    }

    private static Address of(Mailbox m) {
        String name = m.getName() == null || m.getName().isBlank() ? null : m.getName();
        String route = m.getRoute() == null || m.getRoute().isEmpty() ? null : m.getRoute().toRouteString();
        String local = m.getLocalPart() == null || m.getLocalPart().isEmpty() ? MISSING_MAILBOX : m.getLocalPart();
        String host = m.getDomain() == null || m.getDomain().isEmpty() ? MISSING_HOST : m.getDomain();
        return new Address(name, route, local, host);
    }
}
