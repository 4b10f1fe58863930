package org.mailplatform.mime;

/**
 * A MIME parameter ({@code charset=utf-8}), as in the Content-Type or Content-Disposition header.
 * The name is lower-cased; the value is kept as sent (without quotes). RFC 2231 continuations are
 * passed through as separate parameters ({@code filename*0*}), as IMAP servers do.
 */
public record Param(String name, String value) {
}
