package org.mailplatform.mime;

import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * Parses the address list of an undecoded header value ({@code From}, {@code To}, ...) that may
 * hold UTF-8 (RFC 6532): mime4j's lenient parser over the value's UTF-8 bytes, with a cursor over
 * all of them. mime4j's {@code CharSequence} overload bounds its cursor by the character count,
 * which cuts a value with non-ASCII characters (a U-label domain, a UTF-8 display name) short.
 */
public final class HeaderAddresses {

    private HeaderAddresses() {
    }

    /** The addresses of {@code value}, or {@code null} when nothing in it parses as an address. */
    public static AddressList parse(String value) {
        ByteSequence bytes = ContentUtil.encode(StandardCharsets.UTF_8, value);
        return LenientAddressParser.DEFAULT.parseAddressList(bytes, new ParserCursor(0, bytes.length()));
    }
}
