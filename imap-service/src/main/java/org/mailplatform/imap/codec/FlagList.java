package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A flag-list as FETCH FLAGS shows it (RFC 9051 section 7.5.2): system flags first, then keywords, each sorted. */
public final class FlagList {

    private FlagList() {
    }

    public static String format(Set<String> flags) {
        List<String> out = new ArrayList<>();
        Set<String> system = new TreeSet<>();
        Set<String> keywords = new TreeSet<>();
        for (String f : flags) {
            (f.startsWith("\\") ? system : keywords).add(f);
        }
        out.addAll(system);
        out.addAll(keywords);
        return "(" + String.join(" ", out) + ")";
    }
}
