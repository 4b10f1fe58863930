package org.mailplatform.auth.address;

/** An address or domain that is not valid RFC 5321 / RFC 6531 syntax. */
public class InvalidAddressException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAddressException(String message) {
        super(message);
    }
}
