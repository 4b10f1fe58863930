package org.mailplatform.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;

/**
 * The MIME fields of one entity's header (RFC 2045, 2183, 3282), parsed leniently with Mime4j's
 * field parser. A Content-Type that is not {@code type/subtype} is replaced by the default and
 * recorded as a defect.
 */
record ContentHeaders(String type, String subtype, List<Param> params, String id, String description,
                      String encoding, String md5, Disposition disposition, List<String> languages,
                      String location) {

    static ContentHeaders of(List<HeaderField> fields, boolean inDigest, List<String> defects) {
        String type = inDigest ? "message" : "text";
        String subtype = inDigest ? "rfc822" : "plain";
        List<Param> params = inDigest ? List.of() : List.of(new Param("charset", "US-ASCII"));
        String ct = first(fields, "Content-Type");
        if (ct != null) {
            RawBody body = parse("Content-Type", ct);
            String[] media = body == null ? null : mediaType(body.getValue());
            if (media == null) {
                defects.add("invalid Content-Type '" + shorten(ct) + "', using " + type + "/" + subtype);
            } else {
                type = media[0];
                subtype = media[1];
                params = params(body);
            }
        }
        String encoding = first(fields, "Content-Transfer-Encoding");
        encoding = encoding == null || encoding.isBlank() ? "7BIT" : encoding.strip().toUpperCase(Locale.ROOT);
        Disposition disposition = null;
        String cd = first(fields, "Content-Disposition");
        if (cd != null) {
            RawBody body = parse("Content-Disposition", cd);
            if (body != null && !body.getValue().isBlank()) {
                disposition = new Disposition(body.getValue().strip().toLowerCase(Locale.ROOT), params(body));
            }
        }
        List<String> languages = new ArrayList<>();
        String cl = first(fields, "Content-Language");
        if (cl != null) {
            for (String tag : cl.split(",")) {
                if (!tag.isBlank()) {
                    languages.add(tag.strip());
                }
            }
        }
        return new ContentHeaders(type, subtype, params, first(fields, "Content-ID"),
                first(fields, "Content-Description"), encoding, first(fields, "Content-MD5"), disposition,
                languages, first(fields, "Content-Location"));
    }

    /** The default header of a multipart or message that could not be expanded. */
    static ContentHeaders textPlain(ContentHeaders original) {
        return new ContentHeaders("text", "plain", List.of(new Param("charset", "US-ASCII")), original.id(),
                original.description(), original.encoding(), original.md5(), original.disposition(),
                original.languages(), original.location());
    }

    static String first(List<HeaderField> fields, String name) {
        for (HeaderField f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    private static RawBody parse(String name, String value) {
        try {
            return RawFieldParser.DEFAULT.parseRawBody(new RawField(name, value));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String[] mediaType(String value) {
        if (value == null) {
            return null;
        }
        int slash = value.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String type = value.substring(0, slash).strip().toLowerCase(Locale.ROOT);
        String subtype = value.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
        if (!isToken(type) || !isToken(subtype)) {
            return null;
        }
        return new String[] {type, subtype};
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?=".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static List<Param> params(RawBody body) {
        List<Param> params = new ArrayList<>();
        for (NameValuePair p : body.getParams()) {
            if (p.getName() != null && !p.getName().isBlank()) {
                params.add(new Param(p.getName().strip().toLowerCase(Locale.ROOT),
                        p.getValue() == null ? "" : p.getValue()));
            }
        }
        return params;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
