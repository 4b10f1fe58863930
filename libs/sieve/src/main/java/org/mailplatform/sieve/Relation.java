package org.mailplatform.sieve;

import java.util.Locale;

/** The relational operators of RFC 5231 section 5, the value of {@code :count} and {@code :value}. */
enum Relation {
    GT, GE, LT, LE, EQ, NE;

    /** The operator of that name ({@code "ge"}, any case), or null. */
    static Relation named(String name) {
        for (Relation r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }

    /** Whether the operator holds for {@code order}, the comparator's result of value against key. */
    boolean holds(int order) {
        return switch (this) {
            case GT -> order > 0;
            case GE -> order >= 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case EQ -> order == 0;
            case NE -> order != 0;
        };
    }

    String sieveName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
