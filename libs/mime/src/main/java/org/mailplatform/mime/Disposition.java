package org.mailplatform.mime;

import java.util.List;

/**
 * A Content-Disposition (RFC 2183): the type in lower case ({@code inline}, {@code attachment}) and
 * its parameters.
 */
public record Disposition(String type, List<Param> params) {

    public Disposition {
        params = List.copyOf(params);
    }

    /** The value of parameter {@code name} (case-insensitive), or null. */
    public String param(String name) {
        return BodyPart.find(params, name);
    }
}
