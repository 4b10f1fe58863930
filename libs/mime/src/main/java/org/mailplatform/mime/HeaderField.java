package org.mailplatform.mime;

/**
 * One header field of the header index: the name as sent and the unfolded raw value (leading white
 * space removed, RFC 2047 encoded words not decoded).
 */
public record HeaderField(String name, String value) {
}
