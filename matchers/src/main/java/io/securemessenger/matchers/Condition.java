package io.securemessenger.matchers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.mail.MessagingException;

/**
 * A matcher condition written as {@code key=value; key=a, b, c}. Keys are case-insensitive;
 * unknown keys and repeated keys are refused at start-up with a message naming them.
 */
final class Condition {
    private final String matcherName;
    private final Map<String, String> values;

    private Condition(String matcherName, Map<String, String> values) {
        this.matcherName = matcherName;
        this.values = values;
    }

    static Condition parse(String matcherName, String condition, Set<String> allowedKeys) throws MessagingException {
        Map<String, String> values = new LinkedHashMap<>();
        if (condition == null || condition.isBlank()) {
            return new Condition(matcherName, values);
        }
        for (String clause : condition.split(";")) {
            if (clause.isBlank()) {
                continue;
            }
            int eq = clause.indexOf('=');
            if (eq <= 0) {
                throw new MessagingException(matcherName + ": condition clause '" + clause.strip()
                    + "' must be key=value (keys: " + String.join(", ", allowedKeys) + ")");
            }
            String key = clause.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!allowedKeys.contains(key)) {
                throw new MessagingException(matcherName + ": unknown condition key '" + key
                    + "' (keys: " + String.join(", ", allowedKeys) + ")");
            }
            if (values.put(key, clause.substring(eq + 1).strip()) != null) {
                throw new MessagingException(matcherName + ": condition key '" + key + "' is given twice");
            }
        }
        return new Condition(matcherName, values);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    List<String> list(String key) {
        return value(key)
            .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList()))
            .orElse(List.of());
    }

    MessagingException invalid(String key, String value, String why) {
        return new MessagingException(matcherName + ": " + key + "=" + value + " " + why);
    }
}
