package org.mailplatform.imap.message;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.mailplatform.mime.ImapSyntax;
import org.mailplatform.store.MessageMeta;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE strings already formatted, by blob key: a message's summary is
 * fixed by its bytes, so its formatted forms are too, and a client that asks for the envelopes of a
 * whole mailbox on every SELECT (most do) costs one lookup per message instead of one formatting.
 * Dovecot keeps the same strings in its cache file for the same reason. Bounded by the characters
 * held ({@code mail.imap.format-cache-size}, 0 turns it off); metrics
 * {@code cache.*{cache=mail.imap.formatted}}.
 */
public final class FormattedSummaries {

    private enum Form { ENVELOPE, BODY, BODYSTRUCTURE }

    private record Key(String contentKey, Form form, boolean utf8) {
    }

    private final Cache<Key, String> cache;

    public FormattedSummaries(long maxBytes, MeterRegistry meters) {
        this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, String s) -> 96 + k.contentKey().length() * 2 + s.length() * 2)
                .recordStats()
                .build();
        if (cache != null) {
            CaffeineCacheMetrics.monitor(meters, cache, "mail.imap.formatted");
        }
    }

    String envelope(MessageMeta m, boolean utf8) {
        return formatted(m, Form.ENVELOPE, utf8);
    }

    String bodyStructure(MessageMeta m, boolean extended, boolean utf8) {
        return formatted(m, extended ? Form.BODYSTRUCTURE : Form.BODY, utf8);
    }

    private String formatted(MessageMeta m, Form form, boolean utf8) {
        if (cache == null || m.contentKey() == null) {
            return format(m, form, utf8);
        }
        return cache.get(new Key(m.contentKey(), form, utf8), k -> format(m, form, utf8));
    }

    private static String format(MessageMeta m, Form form, boolean utf8) {
        return switch (form) {
            case ENVELOPE -> ImapSyntax.envelope(m.summary().envelope(), utf8);
            case BODY -> ImapSyntax.bodyStructure(m.summary().body(), false, utf8);
            case BODYSTRUCTURE -> ImapSyntax.bodyStructure(m.summary().body(), true, utf8);
        };
    }
}
