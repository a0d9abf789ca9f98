package io.securemessenger.dlp;

import io.securemessenger.dlp.detect.KeywordDetector;
import io.securemessenger.dlp.detect.KeywordIndex;
import io.securemessenger.dlp.detect.KeywordSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of rules; the policy fires when any rule reaches its minimum count. It also says
 * who is told about a hit: the sender, a compliance address, both or neither, and whether a
 * message with a part that cannot be read as text (an encrypted or corrupt attachment) is
 * treated as a hit, which is the default: what cannot be inspected is protected.
 */
public final class DlpPolicy {
    private final String name;
    private final List<DlpRule> rules;
    private final boolean notifySender;
    private final Optional<String> complianceAddress;
    private final boolean protectUnscannable;
    private final KeywordIndex keywordIndex;

    private DlpPolicy(String name, List<DlpRule> rules, boolean notifySender, Optional<String> complianceAddress,
                      boolean protectUnscannable) {
        this.name = name;
        this.rules = rules;
        this.notifySender = notifySender;
        this.complianceAddress = complianceAddress;
        this.protectUnscannable = protectUnscannable;
        this.keywordIndex = KeywordIndex.of(keywordSets(rules));
    }

    private static List<KeywordSet> keywordSets(List<DlpRule> rules) {
        Map<String, KeywordSet> sets = new LinkedHashMap<>();
        for (DlpRule rule : rules) {
            rule.near().ifPresent(set -> sets.putIfAbsent(set.id(), set));
            if (rule.detector() instanceof KeywordDetector) {
                KeywordSet set = ((KeywordDetector) rule.detector()).keywords();
                sets.putIfAbsent(set.id(), set);
            }
        }
        return List.copyOf(sets.values());
    }

    /** All keyword lists the rules use, searched together in one pass per text. */
    public KeywordIndex keywordIndex() {
        return keywordIndex;
    }

    public static DlpPolicy of(String name, List<DlpRule> rules, boolean notifySender, Optional<String> complianceAddress) {
        return of(name, rules, notifySender, complianceAddress, true);
    }

    public static DlpPolicy of(String name, List<DlpRule> rules, boolean notifySender, Optional<String> complianceAddress,
                               boolean protectUnscannable) {
        Objects.requireNonNull(name);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("Policy '" + name + "' has no rules");
        }
        return new DlpPolicy(name, List.copyOf(rules), notifySender, complianceAddress, protectUnscannable);
    }

    /** Whether a part that cannot be read as text makes the policy fire. */
    public boolean protectUnscannable() {
        return protectUnscannable;
    }

    public String name() {
        return name;
    }

    public List<DlpRule> rules() {
        return rules;
    }

    public boolean notifySender() {
        return notifySender;
    }

    public Optional<String> complianceAddress() {
        return complianceAddress;
    }
}
