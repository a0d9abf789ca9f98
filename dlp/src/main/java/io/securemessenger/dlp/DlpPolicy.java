package io.securemessenger.dlp;

import java.util.List;
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

    private DlpPolicy(String name, List<DlpRule> rules, boolean notifySender, Optional<String> complianceAddress,
                      boolean protectUnscannable) {
        this.name = name;
        this.rules = rules;
        this.notifySender = notifySender;
        this.complianceAddress = complianceAddress;
        this.protectUnscannable = protectUnscannable;
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
