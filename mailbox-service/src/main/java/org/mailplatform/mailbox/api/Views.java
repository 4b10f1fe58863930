package org.mailplatform.mailbox.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.mailplatform.mime.Address;
import org.mailplatform.mime.BodyPart;
import org.mailplatform.mime.EncodedWords;
import org.mailplatform.mime.Envelope;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MessageMeta;

/** The REST API's response records (never the MongoDB documents). */
final class Views {

    private Views() {
    }

    record MailboxView(String id, String name, String specialUse, long messages, long unseen, long size,
                       long uidValidity, long uidNext, boolean subscribed) {
        static MailboxView of(MailboxInfo m, long unseen) {
            return new MailboxView(m.id(), m.name(), m.specialUse() == null ? null : m.specialUse().name(), m.messages(),
                    unseen, m.size(), m.uidValidity(), m.uidNext(), m.subscribed());
        }
    }

    record AddressView(String name, String address) {
    }

    record MessageItem(long uid, Set<String> flags, Instant internalDate, long size, String subject,
                       List<AddressView> from, List<AddressView> to, String date, boolean hasAttachments) {
        static MessageItem of(MessageMeta m) {
            Envelope e = m.summary().envelope();
            return new MessageItem(m.uid(), m.flags(), m.internalDate(), m.size(), EncodedWords.decode(e.subject()),
                    addresses(e.from()), addresses(e.to()), e.date(), anyAttachment(m.summary().body()));
        }
    }

    record PartView(String part, String type, String charset, String fileName, String disposition, long size,
                    String encoding) {
    }

    record MessageDetail(MessageItem message, List<AddressView> cc, String messageId, String inReplyTo,
                         List<PartView> parts) {
        static MessageDetail of(MessageMeta m) {
            Envelope e = m.summary().envelope();
            List<PartView> parts = new ArrayList<>();
            leaves(m.summary().body(), "", true, parts);
            return new MessageDetail(MessageItem.of(m), addresses(e.cc()), e.messageId(), e.inReplyTo(), parts);
        }
    }

    record PageView<T>(int page, int size, long total, List<T> items) {
    }

    record QuotaView(long bytes, long messages, long bytesLimit, long messagesLimit) {
    }

    static List<AddressView> addresses(List<Address> list) {
        return list.stream().filter(a -> !a.isGroupMarker()).map(a -> new AddressView(a.name(), a.addrSpec())).toList();
    }

    private static boolean anyAttachment(BodyPart p) {
        if (p.disposition() != null && p.disposition().type().equals("attachment")) {
            return true;
        }
        return p.parts().stream().anyMatch(Views::anyAttachment);
    }

    /** The leaf parts with their IMAP part numbers (as {@code BODY[n.m]} names them). */
    private static void leaves(BodyPart p, String number, boolean top, List<PartView> out) {
        if (p.isMultipart()) {
            for (int i = 0; i < p.parts().size(); i++) {
                leaves(p.parts().get(i), number.isEmpty() ? String.valueOf(i + 1) : number + "." + (i + 1), false, out);
            }
            return;
        }
        out.add(new PartView(top ? "1" : number, p.mimeType(), p.charset(), p.fileName(),
                p.disposition() == null ? null : p.disposition().type(), p.bodySize(), p.encoding()));
    }
}
