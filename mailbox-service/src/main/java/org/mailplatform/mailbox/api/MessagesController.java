package org.mailplatform.mailbox.api;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.mime.SectionLocator;
import org.mailplatform.mime.SectionSpec;
import org.mailplatform.model.Principal;
import org.mailplatform.store.FlagOperation;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The mailbox REST API: {@code /api/mail/...} for the token's own user, and the same under
 * {@code /api/mail/users/{userId}/...} for admins. Mailboxes are addressed by id (names contain
 * {@code /}); messages by UID.
 */
@RestController
@RequestMapping({"/api/mail", "/api/mail/users/{userId}"})
@EnableConfigurationProperties(ApiProperties.class)
class MessagesController {

    private final MailboxStore store;
    private final Principals principals;
    private final ApiProperties properties;

    MessagesController(MailboxStore store, Principals principals, ApiProperties properties) {
        this.store = store;
        this.principals = principals;
        this.properties = properties;
    }

    record FlagChange(Set<String> add, Set<String> remove, Set<String> set) {
    }

    record MoveRequest(String mailboxId) {
    }

    @GetMapping("/mailboxes")
    List<Views.MailboxView> mailboxes(HttpServletRequest request, @PathVariable(required = false) String userId,
                                      @RequestParam(required = false) String tenant) {
        Principal p = principals.resolve(request, userId, tenant);
        if (userId == null) {
            store.ensureDefaultMailboxes(p);
        }
        return store.list(p, "", "*", false).stream()
                .map(m -> Views.MailboxView.of(m, store.status(p, m.name()).unseen())).toList();
    }

    @GetMapping("/mailboxes/{mailboxId}/messages")
    Views.PageView<Views.MessageItem> messages(HttpServletRequest request, @PathVariable(required = false) String userId,
                                               @RequestParam(required = false) String tenant,
                                               @PathVariable String mailboxId,
                                               @RequestParam(defaultValue = "0") int page,
                                               @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > properties.maxPageSize()) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "page >= 0 and 1 <= size <= " + properties.maxPageSize());
        }
        Principal p = principals.resolve(request, userId, tenant);
        String mailbox = name(p, mailboxId);
        List<Long> uids = new ArrayList<>(store.uids(p, mailbox));
        Collections.reverse(uids);
        int from = (int) Math.min((long) page * size, uids.size());
        List<Long> slice = uids.subList(from, Math.min(from + size, uids.size()));
        List<Views.MessageItem> items = slice.isEmpty() ? List.of()
                : store.fetch(p, mailbox, MessageRange.uids(UidSet.of(slice.stream().mapToLong(Long::longValue).toArray())))
                .stream().map(Views.MessageItem::of).sorted((a, b) -> Long.compare(b.uid(), a.uid())).toList();
        return new Views.PageView<>(page, size, uids.size(), items);
    }

    @GetMapping("/mailboxes/{mailboxId}/messages/{uid}")
    Views.MessageDetail message(HttpServletRequest request, @PathVariable(required = false) String userId,
                                @RequestParam(required = false) String tenant, @PathVariable String mailboxId,
                                @PathVariable long uid) {
        Principal p = principals.resolve(request, userId, tenant);
        return Views.MessageDetail.of(meta(p, name(p, mailboxId), uid));
    }

    @GetMapping("/mailboxes/{mailboxId}/messages/{uid}/raw")
    ResponseEntity<StreamingResponseBody> raw(HttpServletRequest request, @PathVariable(required = false) String userId,
                                              @RequestParam(required = false) String tenant,
                                              @PathVariable String mailboxId, @PathVariable long uid) {
        Principal p = principals.resolve(request, userId, tenant);
        MessageMeta m = meta(p, name(p, mailboxId), uid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("message/rfc822")).contentLength(m.size())
                .body(out -> {
                    try (InputStream in = store.openContent(p, m, 0, m.size())) {
                        in.transferTo(out);
                    }
                });
    }

    @GetMapping("/mailboxes/{mailboxId}/messages/{uid}/parts/{part}")
    ResponseEntity<StreamingResponseBody> part(HttpServletRequest request, @PathVariable(required = false) String userId,
                                               @RequestParam(required = false) String tenant,
                                               @PathVariable String mailboxId, @PathVariable long uid,
                                               @PathVariable String part) {
        Principal p = principals.resolve(request, userId, tenant);
        MessageMeta m = meta(p, name(p, mailboxId), uid);
        List<Integer> path = new ArrayList<>();
        try {
            for (String n : part.split("\\.")) {
                path.add(Integer.parseInt(n));
            }
        } catch (NumberFormatException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, "part is like 2.1");
        }
        MessageSummary summary = m.summary();
        SectionLocator.Located located = SectionLocator.locate(summary, new SectionSpec(path, SectionSpec.Text.CONTENT,
                List.of())).orElseThrow(() -> new MailboxException.NotFound("part " + part));
        org.mailplatform.mime.BodyPart bodyPart = PartFinder.find(summary.body(), path);
        String contentType = bodyPart.mimeType() + (bodyPart.charset() == null ? "" : "; charset=" + bodyPart.charset());
        ResponseEntity.BodyBuilder response = ResponseEntity.ok().contentType(safeType(contentType));
        if (bodyPart.fileName() != null) {
            response.header(HttpHeaders.CONTENT_DISPOSITION,
                    org.springframework.http.ContentDisposition.attachment().filename(bodyPart.fileName(),
                            java.nio.charset.StandardCharsets.UTF_8).build().toString());
        }
        String encoding = bodyPart.encoding();
        return response.body(out -> {
            try (InputStream raw = store.openContent(p, m, located.offset(), located.length());
                 InputStream decoded = decode(raw, encoding)) {
                decoded.transferTo(out);
            }
        });
    }

    private static MediaType safeType(String contentType) {
        try {
            return MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static InputStream decode(InputStream raw, String encoding) {
        return switch (encoding) {
            case "BASE64" -> Base64.getMimeDecoder().wrap(raw);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(raw);
            default -> raw;
        };
    }

    @PatchMapping("/mailboxes/{mailboxId}/messages/{uid}/flags")
    Views.MessageItem flags(HttpServletRequest request, @PathVariable(required = false) String userId,
                            @RequestParam(required = false) String tenant, @PathVariable String mailboxId,
                            @PathVariable long uid, @RequestBody FlagChange change) {
        Principal p = principals.resolve(request, userId, tenant);
        String mailbox = name(p, mailboxId);
        meta(p, mailbox, uid);
        try {
            if (change.set() != null) {
                store.updateFlags(p, mailbox, MessageRange.uid(uid), FlagOperation.REPLACE, change.set(), null);
            }
            if (change.add() != null && !change.add().isEmpty()) {
                store.updateFlags(p, mailbox, MessageRange.uid(uid), FlagOperation.ADD, change.add(), null);
            }
            if (change.remove() != null && !change.remove().isEmpty()) {
                store.updateFlags(p, mailbox, MessageRange.uid(uid), FlagOperation.REMOVE, change.remove(), null);
            }
        } catch (IllegalArgumentException e) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return Views.MessageItem.of(meta(p, mailbox, uid));
    }

    @PostMapping("/mailboxes/{mailboxId}/messages/{uid}/move")
    Views.MessageItem move(HttpServletRequest request, @PathVariable(required = false) String userId,
                           @RequestParam(required = false) String tenant, @PathVariable String mailboxId,
                           @PathVariable long uid, @RequestBody MoveRequest move) {
        Principal p = principals.resolve(request, userId, tenant);
        String from = name(p, mailboxId);
        String to = name(p, move.mailboxId());
        meta(p, from, uid);
        long newUid = store.move(p, from, MessageRange.uid(uid), to).targetUids().get(0);
        return Views.MessageItem.of(meta(p, to, newUid));
    }

    @DeleteMapping("/mailboxes/{mailboxId}/messages/{uid}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(HttpServletRequest request, @PathVariable(required = false) String userId,
                @RequestParam(required = false) String tenant, @PathVariable String mailboxId, @PathVariable long uid) {
        Principal p = principals.resolve(request, userId, tenant);
        String mailbox = name(p, mailboxId);
        if (store.remove(p, mailbox, MessageRange.uid(uid)).isEmpty()) {
            throw new MailboxException.NotFound("message " + uid);
        }
    }

    @GetMapping("/quota")
    Views.QuotaView quota(HttpServletRequest request, @PathVariable(required = false) String userId,
                          @RequestParam(required = false) String tenant) {
        var q = store.quota(principals.resolve(request, userId, tenant));
        return new Views.QuotaView(q.bytes(), q.messages(), q.bytesLimit(), q.messagesLimit());
    }

    private String name(Principal p, String mailboxId) {
        return store.list(p, "", "*", false).stream().filter(m -> m.id().equals(mailboxId)).map(MailboxInfo::name)
                .findFirst().orElseThrow(() -> new MailboxException.NotFound(mailboxId));
    }

    private MessageMeta meta(Principal p, String mailbox, long uid) {
        return store.fetch(p, mailbox, MessageRange.uid(uid)).stream().findFirst()
                .orElseThrow(() -> new MailboxException.NotFound("message " + uid));
    }
}
