package org.mailplatform.smtp.spf;

/**
 * The outcome of one SPF evaluation.
 *
 * @param query       what was asked
 * @param result      RFC 7208's result
 * @param explanation for {@code fail}, the text the domain publishes with {@code exp=} (section
 *                    6.2), already macro-expanded by jSPF and still untrusted; otherwise {@code null}
 */
public record SpfVerdict(SpfQuery query, SpfResult result, String explanation) {
}
