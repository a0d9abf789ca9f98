package io.securemessenger.matchers;

import java.net.IDN;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A set of domains written by an administrator: exact names, or {@code *.example.org} for the
 * subdomains of example.org (not example.org itself). No other wildcard is accepted. Names are
 * compared case-insensitively in their ASCII (IDNA) form, so {@code bücher.example} and
 * {@code xn--bcher-kva.example} are the same domain.
 */
final class DomainPatterns {
    private final Set<String> exact;
    private final List<String> suffixes;

    private DomainPatterns(Set<String> exact, List<String> suffixes) {
        this.exact = exact;
        this.suffixes = suffixes;
    }

    static DomainPatterns parse(List<String> entries) {
        Set<String> exact = new HashSet<>();
        List<String> suffixes = new ArrayList<>();
        for (String entry : entries) {
            if (entry.startsWith("*.")) {
                String base = normalise(entry.substring(2));
                checkName(entry, base);
                suffixes.add("." + base);
            } else {
                String name = normalise(entry);
                checkName(entry, name);
                exact.add(name);
            }
        }
        return new DomainPatterns(Set.copyOf(exact), List.copyOf(suffixes));
    }

    boolean contains(String domain) {
        String d = normalise(domain);
        if (exact.contains(d)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (d.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return exact.isEmpty() && suffixes.isEmpty();
    }

    /** Lower-case ASCII form without a trailing dot; unconvertible names are kept lower-cased. */
    static String normalise(String domain) {
        String d = domain.strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // Not a valid IDN: compare as written, it will simply not equal a configured domain.
        }
        return d.toLowerCase(Locale.ROOT);
    }

    private static void checkName(String entry, String name) {
        if (name.isEmpty() || name.contains("*") || name.startsWith(".") || name.contains("..")
            || !name.matches("[a-z0-9.-]+")) {
            throw new IllegalArgumentException("'" + entry + "' is not a domain name or *.domain pattern");
        }
    }
}
