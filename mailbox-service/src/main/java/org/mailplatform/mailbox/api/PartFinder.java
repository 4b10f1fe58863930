package org.mailplatform.mailbox.api;

import java.util.List;

import org.mailplatform.mime.BodyPart;

/** The body part an IMAP part number names (RFC 9051 section 6.4.5 numbering). */
final class PartFinder {

    private PartFinder() {
    }

    static BodyPart find(BodyPart root, List<Integer> path) {
        BodyPart part = root;
        for (int i = 0; i < path.size(); i++) {
            if (i > 0 && part.isMessage()) {
                part = part.message();
            }
            if (part.isMultipart()) {
                part = part.parts().get(path.get(i) - 1);
            }
        }
        return part;
    }
}
